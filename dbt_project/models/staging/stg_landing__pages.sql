-- Incremental: each build stages only the pages landed since the newest one already staged, so the
-- history is read once, not on every build and by every model downstream. A page fetched again replaces
-- its article's row (delete+insert on article_url). The text itself stays in the landed Parquet files
-- (stg_landing__page_texts): copying it into the warehouse was most of a full staging build's time.
-- Columns follow the model (sync_all_columns), so a warehouse staged by an older version keeps building.
{{
    config(
        materialized='incremental',
        unique_key='article_url',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}

{%- set staged_until = newest_in_this('fetched_at') if is_incremental() else none -%}

with

manifest as (

    select * from {{ source('landing', 'manifest') }}
    where
        error is null
        and text is not null
        -- only pages landed since the newest staged one: all of them on a full build
        and fetched_at > cast('{{ staged_until or "-infinity" }}' as timestamptz)

),

cleaned as (

    select
        url,
        coalesce(nullif(trim(canonical_url), ''), url) as article_url,
        source as source_name,
        interval as interval_label,
        cast(fetched_at as timestamptz) as fetched_at,
        cast(published_at as timestamptz) as published_at,
        -- title and text arrive NFC with blanks collapsed (scrapers.land.clean_text): cleaning once at
        -- landing keeps each build from re-cleaning the whole history
        nullif(title, '') as title,
        nullif(trim(author), '') as author,
        text as body_text,
        text_md5,
        warc_file,
        warc_offset
    from manifest

),

versioned as (

    select
        * exclude (text_md5, body_text),
        -- the landing computed it once; pages landed before it did are hashed here, the same way
        coalesce(text_md5, md5(coalesce(title, '') || chr(10) || body_text)) as article_version
    from cleaned

),

{% if is_incremental() %}

    staged as (

        select
            article_url,
            article_version as staged_version,
            versions_seen as staged_versions
        from {{ this }}

    ),

{% else %}

    staged as (

        select
            cast(null as varchar) as article_url,
            cast(null as varchar) as staged_version,
            cast(0 as bigint) as staged_versions
        where false

    ),

{% endif %}

landings as (

    select
        versioned.url,
        versioned.article_url,
        versioned.fetched_at,
        versioned.article_version,
        coalesce(staged.staged_versions, 0) as staged_versions,
        -- the version this landing follows: the previous landing, else the one staged before
        lag(versioned.article_version, 1, staged.staged_version) over (
            partition by versioned.article_url order by versioned.fetched_at asc, versioned.url asc
        ) as prior_version
    from versioned
    left join staged on versioned.article_url = staged.article_url

),

version_counts as (

    -- a landing is a new version when its content differs from the one before it; counted this way a
    -- nightly build adds to the staged count and a full rebuild reaches the same number
    select
        article_url,
        any_value(staged_versions)
        + count(*) filter (where article_version is distinct from prior_version) as versions_seen
    from landings
    group by article_url

),

latest_version as (

    -- the same content fetched twice is one article; a changed article supersedes the older version
    select *
    from versioned
    qualify row_number() over (partition by article_url order by fetched_at desc, url asc) = 1

),

final as (

    select
        latest_version.*,
        version_counts.versions_seen
    from latest_version
    inner join version_counts on latest_version.article_url = version_counts.article_url

)

select * from final
