-- Plausibility of what the articles state: one row per fact and check it fails. An article may state
-- figures that disagree with each other or cannot be right; the warehouse publishes what it says and
-- flags it here (the fact marts carry the check names in quality_flags), so no article stops a build.
-- Figures are compared only within one sentence of one article, the unit the rule engine reads, so an
-- article's issues change exactly when its facts do; the table is rebuilt whole, from all the facts.
{%- set rate_tolerance = 1.0 %}  {#- percentage points: rates are stated rounded, often to whole percents #}
{%- set percentage_measures = ['resolution_rate_pct'] %}
{#- Every other measure counts things (sessions, opinions, people, cases, awards, models). No such count
    reaches ten million, even for the whole country over several years (Vietnam has about 100 million
    people): a larger value is a misread number. #}
{%- set largest_count = 10000000 %}

with

facts as (

    select * from {{ ref('int_article_facts') }}

),

rates as (

    select * from facts
    where measure = 'resolution_rate_pct'

),

resolved as (

    select * from facts
    where measure = 'cases_resolved'

),

in_jurisdiction as (

    select * from facts
    where measure in ('cases_in_jurisdiction', 'petitions_in_jurisdiction')

),

ratios_beside_rates as (

    -- every pair of resolved and in-jurisdiction counts of one kind stated in the rate's sentence, of
    -- the rate's kind where both name one (a rate of denunciations says nothing about complaints)
    select
        rates.fact_id,
        rates.value as rate,
        resolved.value as resolved,
        in_jurisdiction.measure as in_jurisdiction_measure,
        in_jurisdiction.value as in_jurisdiction,
        100.0 * resolved.value / in_jurisdiction.value as ratio
    from rates
    inner join resolved
        on rates.article_url = resolved.article_url and rates.evidence = resolved.evidence
    inner join in_jurisdiction
        on
            rates.article_url = in_jurisdiction.article_url and rates.evidence = in_jurisdiction.evidence
            and resolved.complaint_kind = in_jurisdiction.complaint_kind
    where
        in_jurisdiction.value > 0
        and (
            rates.complaint_kind = resolved.complaint_kind
            or 'unspecified' in (rates.complaint_kind, resolved.complaint_kind)
        )

),

nearest_ratios as (

    -- a sentence may state several pairs (by kind; petitions and cases): the rate must agree with one
    select * from ratios_beside_rates
    qualify row_number() over (partition by fact_id order by abs(rate - ratio), ratio) = 1

),

rates_disagreeing as (

    select
        fact_id,
        'rate_disagrees_with_counts' as check_name,
        ratio - {{ rate_tolerance }} as expected_min,
        ratio + {{ rate_tolerance }} as expected_max,
        format(
            'cases_resolved {:.15g} ÷ {} {:.15g} = {:.4g}%',
            resolved, in_jurisdiction_measure, in_jurisdiction, ratio
        ) as compared_with
    from nearest_ratios
    where abs(rate - ratio) > {{ rate_tolerance }}

),

largest_jurisdiction_beside_resolved as (

    -- petitions and cases in jurisdiction may both be stated: resolved cannot exceed the larger
    select
        resolved.fact_id,
        any_value(resolved.value) as resolved,
        max(in_jurisdiction.value) as in_jurisdiction,
        arg_max(in_jurisdiction.measure, in_jurisdiction.value) as in_jurisdiction_measure
    from resolved
    inner join in_jurisdiction
        on
            resolved.article_url = in_jurisdiction.article_url
            and resolved.evidence = in_jurisdiction.evidence
            and resolved.complaint_kind = in_jurisdiction.complaint_kind
    group by resolved.fact_id

),

resolved_exceeding as (

    select
        fact_id,
        'resolved_exceeds_in_jurisdiction' as check_name,
        null::double as expected_min,
        in_jurisdiction as expected_max,
        format('{} {:.15g}', in_jurisdiction_measure, in_jurisdiction) as compared_with
    from largest_jurisdiction_beside_resolved
    where resolved > in_jurisdiction

),

parts as (

    -- dialogues break down by level, complaints by kind; unspecified and mixed rows are the totals.
    -- Rates do not add up: a kind's rate may well exceed the overall one.
    select
        fact_id,
        article_url,
        measure,
        evidence,
        value,
        case fact_table
            when 'fct_dialogues' then admin_level
            when 'fct_complaints' then complaint_kind
        end as part
    from facts
    where
        fact_table in ('fct_dialogues', 'fct_complaints')
        and measure not in ('{{ percentage_measures | join("', '") }}')

),

totals as (

    select
        article_url,
        measure,
        evidence,
        max(value) as total
    from parts
    where part in ('unspecified', 'mixed')
    group by all

),

subtotals_exceeding as (

    select
        parts.fact_id,
        'subtotal_exceeds_total' as check_name,
        null::double as expected_min,
        totals.total as expected_max,
        format('{} total {:.15g}', totals.measure, totals.total) as compared_with
    from parts
    inner join totals
        on
            parts.article_url = totals.article_url
            and parts.measure = totals.measure
            and parts.evidence = totals.evidence
    where parts.part not in ('unspecified', 'mixed') and parts.value > totals.total

),

ranges as (

    select
        fact_id,
        value,
        measure in ('{{ percentage_measures | join("', '") }}') as is_percentage,
        0.0 as lowest,
        if(is_percentage, 100.0, {{ largest_count }}) as highest
    from facts

),

values_out_of_range as (

    select
        fact_id,
        'value_out_of_range' as check_name,
        lowest as expected_min,
        highest as expected_max,
        format('{} from {:.15g} to {:.15g}', if(is_percentage, 'a percentage', 'a count'), lowest, highest)
            as compared_with
    from ranges
    where value < lowest or value > highest

),

fractional_counts as (

    select
        fact_id,
        'count_not_whole' as check_name,
        null::double as expected_min,
        null::double as expected_max,
        'a whole number' as compared_with
    from ranges
    where not is_percentage and value != floor(value)

),

issues as (

    select * from rates_disagreeing
    union all
    select * from resolved_exceeding
    union all
    select * from subtotals_exceeding
    union all
    select * from values_out_of_range
    union all
    select * from fractional_counts

),

final as (

    select
        issues.fact_id,
        issues.check_name,
        facts.fact_table,
        facts.article_url,
        facts.measure,
        facts.value,
        issues.expected_min,
        issues.expected_max,
        issues.compared_with,
        facts.evidence
    from issues
    inner join facts on issues.fact_id = facts.fact_id

)

select * from final
