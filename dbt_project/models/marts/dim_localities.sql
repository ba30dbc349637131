with

localities as (

    select * from {{ ref('int_localities') }}

),

final as (

    select
        locality_id,
        level as locality_level,
        name,
        full_name,
        kind,
        is_current,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        province,
        province_today
    from localities

)

select * from final
