-- A subtotal by level or kind never exceeds the total stated beside it in the same sentence.
with

facts as (

    select
        article_url,
        measure,
        evidence,
        admin_level as part,
        value
    from {{ ref('fct_dialogues') }}
    union all
    select
        article_url,
        measure,
        evidence,
        complaint_kind as part,
        value
    from {{ ref('fct_complaints') }}

),

totals as (

    select
        article_url,
        measure,
        evidence,
        max(value) as total
    from facts
    where part in ('unspecified', 'mixed')
    group by all

),

subtotals as (

    select * from facts
    where part not in ('unspecified', 'mixed')

)

select
    subtotals.*,
    totals.total
from subtotals
inner join totals
    on
        subtotals.article_url = totals.article_url
        and subtotals.measure = totals.measure
        and subtotals.evidence = totals.evidence
where subtotals.value > totals.total
