-- Incremental by landed partition: a build restages the (source, interval) partitions that hold a row
-- fetched since the newest one already staged, so a nightly build does not read the whole history (telling
-- a landed page from a failed fetch reads the text column). A partition landed again replaces its rows.
{{
    config(
        materialized='incremental',
        unique_key=['source_name', 'interval_label'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

with

manifest as (

    select * from {{ source('landing', 'manifest') }}
    {% if is_incremental() %}
        where {{ partitions_landed_since(newest_in_this('fetched_at')) }}
    {% endif %}

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
