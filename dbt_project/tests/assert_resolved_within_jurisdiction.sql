-- Cases resolved never exceed the cases in jurisdiction stated in the same sentence.
with

complaints as (

    select * from {{ ref('fct_complaints') }}

),

resolved as (

    select * from complaints
    where measure = 'cases_resolved'

),

in_jurisdiction as (

    select * from complaints
    where measure in ('cases_in_jurisdiction', 'petitions_in_jurisdiction')

)

select
    resolved.fact_id,
    resolved.value as resolved,
    in_jurisdiction.value as in_jurisdiction
from resolved
inner join in_jurisdiction
    on
        resolved.article_url = in_jurisdiction.article_url
        and resolved.evidence = in_jurisdiction.evidence
        and resolved.complaint_kind = in_jurisdiction.complaint_kind
where resolved.value > in_jurisdiction.value
