-- The text of every landed page, read from the landing zone when a model asks for it: a view, so the
-- warehouse does not hold a second copy of the history's text. Join stg_landing__pages on url and
-- fetched_at for the latest version of each article; filter on fetched_at so that DuckDB skips the
-- Parquet files landed before it.
with

manifest as (

    select * from {{ source('landing', 'manifest') }}
    where error is null and text is not null

),

renamed as (

    select
        url,
        cast(fetched_at as timestamptz) as fetched_at,
        -- arrives NFC with blanks collapsed (scrapers.land.clean_text)
        text as body_text
    from manifest

)

select * from renamed
