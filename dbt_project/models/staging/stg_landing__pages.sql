with

manifest as (

    select * from {{ source('landing', 'manifest') }}
    where error is null and text is not null

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

latest_version as (

    -- the same content fetched twice is one article; a changed article supersedes the older version
    select
        *,
        count(distinct article_version) over (partition by article_url) as versions_seen
    from versioned
    qualify row_number() over (partition by article_url order by fetched_at desc, url asc) = 1

)

select * from latest_version
