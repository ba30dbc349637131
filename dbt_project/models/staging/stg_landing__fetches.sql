with

manifest as (

    select * from {{ source('landing', 'manifest') }}

),

renamed as (

    select
        url,
        canonical_url,
        source as source_name,
        interval as interval_label,
        discovered_via,
        cast(fetched_at as timestamptz) as fetched_at,
        http_status,
        content_type,
        content_sha256,
        warc_file,
        warc_offset,
        error as fetch_error,
        error is null and text is not null as is_landed
    from manifest

)

select * from renamed
