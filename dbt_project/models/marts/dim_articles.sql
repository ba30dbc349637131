-- Incremental by article: a build replaces the articles staged since the newest one it holds (a new or
-- changed version is a new landing, and the only way an article's facts change short of a full refresh).
{{ config(
    materialized='incremental',
    unique_key='url',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

{%- set articles_until = newest_in_this('fetched_at') if is_incremental() else none %}

with

pages as (

    select * from {{ ref('stg_landing__pages') }}
    {% if articles_until %}
        where fetched_at > cast('{{ articles_until }}' as timestamptz)
    {% endif %}

),

facts as (

    select * from {{ ref('int_article_facts') }}
    where article_url in (select pages.article_url from pages)

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
