with

pages as (

    select * from {{ ref('stg_landing__pages') }}

),

facts as (

    select * from {{ ref('int_article_facts') }}

),

fact_counts as (

    select
        article_url,
        count(*) as fact_count,
        mode(province) as province
    from facts
    group by article_url

),

final as (

    select
        pages.article_url as url,
        pages.source_name,
        pages.title,
        pages.author,
        pages.published_at,
        cast(timezone('Asia/Ho_Chi_Minh', pages.published_at) as date) as published_date,
        pages.fetched_at,
        pages.article_version,
        pages.versions_seen,
        fact_counts.province,
        coalesce(fact_counts.fact_count, 0) as fact_count,
        pages.warc_file,
        pages.warc_offset
    from pages
    left join fact_counts on pages.article_url = fact_counts.article_url

)

select * from final
