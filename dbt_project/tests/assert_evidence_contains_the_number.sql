-- Every fact keeps the sentence it was read from, and that sentence shows the number as written.
with

facts as (

    select
        fact_id,
        value_text,
        evidence
    from {{ ref('fct_dialogues') }}
    union all
    select
        fact_id,
        value_text,
        evidence
    from {{ ref('fct_complaints') }}
    union all
    select
        fact_id,
        value_text,
        evidence
    from {{ ref('fct_awards') }}

)

select * from facts
where strpos(evidence, value_text) = 0
