with

fetches as (

    select * from {{ ref('stg_landing__fetches') }}

),

final as (

    select
        source_name,
        count(*) filter (where is_landed) as pages_landed,
        count(*) filter (where not is_landed) as fetch_errors,
        count(distinct interval_label) as intervals_landed,
        min(fetched_at) as first_fetched_at,
        max(fetched_at) filter (where is_landed) as last_landed_at,
        max(fetched_at) filter (where not is_landed) as last_error_at
    from fetches
    group by source_name

)

select * from final
