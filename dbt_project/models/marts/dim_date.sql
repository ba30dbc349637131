with

days as (

    select cast(range as date) as date_day
    from range(date '2010-01-01', date '2031-01-01', interval 1 day)

),

final as (

    select
        date_day,
        year(date_day) as calendar_year,
        quarter(date_day) as calendar_quarter,
        month(date_day) as calendar_month,
        day(date_day) as day_of_month,
        isodow(date_day) as iso_day_of_week,
        date_day >= date '2025-07-01' as is_after_2025_reorganisation
    from days

)

select * from final
