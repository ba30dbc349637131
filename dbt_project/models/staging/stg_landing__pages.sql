-- Incremental: each build stages only the pages landed since the newest one already staged, so the
-- history's text is read once, not on every build and by every model downstream. A page fetched again
-- replaces its article's row (delete+insert on article_url).
{{
    config(
        materialized='incremental',
        unique_key='article_url',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
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
        and fetched_at > '{{ staged_until or "-infinity" }}'::timestamptz

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
        warc_file,
        warc_offset
    from manifest

),

versioned as (

    select
        *,
        md5(coalesce(title, '') || chr(10) || body_text) as article_version
    from cleaned

),

new_versions as (

    select
        article_url,
        count(distinct article_version) as versions_landed
    from versioned
    group by article_url

),

latest_version as (

    -- the same content fetched twice is one article; a changed article supersedes the older version
    select *
    from versioned
    qualify row_number() over (partition by article_url order by fetched_at desc, url asc) = 1

),

{% if is_incremental() %}

    staged as (

        select
            article_url,
            article_version as staged_version,
            versions_seen as staged_versions
        from {{ this }}
        where article_url in (select new_versions.article_url from new_versions)

    ),

    staged_version_landed_again as (

        select distinct staged.article_url
        from staged
        inner join versioned
            on
                staged.article_url = versioned.article_url
                and staged.staged_version = versioned.article_version

    ),

    counted as (

        -- the versions staged before plus the new ones, the staged version counted once if it came back
        select
            latest_version.*,
            new_versions.versions_landed
            + coalesce(staged.staged_versions, 0)
            - case when staged_version_landed_again.article_url is null then 0 else 1 end as versions_seen
        from latest_version
        inner join new_versions on latest_version.article_url = new_versions.article_url
        left join staged on latest_version.article_url = staged.article_url
        left join staged_version_landed_again
            on latest_version.article_url = staged_version_landed_again.article_url

    )

{% else %}

    counted as (

        select
            latest_version.*,
            new_versions.versions_landed as versions_seen
        from latest_version
        inner join new_versions on latest_version.article_url = new_versions.article_url

    )

{% endif %}

select * from counted
