-- A resolution rate is a percentage, and where the same sentence states both the cases resolved and
-- the cases in jurisdiction, it agrees with their ratio (to a point, for rounding).
with

complaints as (

    select * from {{ ref('fct_complaints') }}

),

rates as (

    select * from complaints
    where measure = 'resolution_rate_pct'

),

resolved as (

    select * from complaints
    where measure = 'cases_resolved'

),

in_jurisdiction as (

    select * from complaints
    where measure in ('cases_in_jurisdiction', 'petitions_in_jurisdiction')

),

stated_ratios as (

    select
        rates.fact_id,
        rates.value as rate,
        100.0 * resolved.value / nullif(in_jurisdiction.value, 0) as ratio
    from rates
    inner join resolved
        on rates.article_url = resolved.article_url and rates.evidence = resolved.evidence
    inner join in_jurisdiction
        on
            rates.article_url = in_jurisdiction.article_url and rates.evidence = in_jurisdiction.evidence
            and resolved.complaint_kind = in_jurisdiction.complaint_kind

),

out_of_range as (

    select
        fact_id,
        value as rate,
        null::double as ratio
    from rates
    where value < 0 or value > 100

),

matching as (

    select fact_id from stated_ratios
    where abs(rate - ratio) <= 1.0

),

disagreeing as (

    -- several resolved/total pairs in one sentence: the rate must match one of them
    select
        stated_ratios.fact_id,
        stated_ratios.rate,
        stated_ratios.ratio
    from stated_ratios
    left join matching on stated_ratios.fact_id = matching.fact_id
    where matching.fact_id is null

)

select * from out_of_range
union all
select * from disagreeing
