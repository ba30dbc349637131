-- Statistics: one row per distinct figure (measure, value, qualifiers, place, year), however many
-- articles report it, with its count of mentions and the first and latest article that reported it, in
-- the manner of GDELT's events and mentions; the three fact tables stay as the mentions. A statistic is a
-- headline figure unless an article states it as a part of a total (parent_fact_id): summing headline
-- statistics counts neither a total's breakdowns nor a figure's repetitions. Rebuilt whole on every
-- build, from all the mentions.
with

dialogues as (

    select * from {{ ref('fct_dialogues') }}

),

complaints as (

    select * from {{ ref('fct_complaints') }}

),

awards as (

    select * from {{ ref('fct_awards') }}

),

articles as (

    select * from {{ ref('dim_articles') }}

),

facts as (

    select
        'fct_dialogues' as fact_table,
        fact_id,
        parent_fact_id,
        article_url,
        measure,
        value,
        value_qualifier,
        admin_level,
        dialogue_kind,
        null::varchar as complaint_kind,
        null::varchar as award_form,
        null::varchar as recipient_type,
        null::varchar as issuer,
        province,
        province_today,
        locality,
        period_label,
        period_year,
        evidence,
        quality_flags
    from dialogues
    union all
    select
        'fct_complaints' as fact_table,
        fact_id,
        parent_fact_id,
        article_url,
        measure,
        value,
        value_qualifier,
        admin_level,
        null::varchar as dialogue_kind,
        complaint_kind,
        null::varchar as award_form,
        null::varchar as recipient_type,
        null::varchar as issuer,
        province,
        province_today,
        locality,
        period_label,
        period_year,
        evidence,
        quality_flags
    from complaints
    union all
    select
        'fct_awards' as fact_table,
        fact_id,
        parent_fact_id,
        article_url,
        measure,
        value,
        value_qualifier,
        admin_level,
        null::varchar as dialogue_kind,
        null::varchar as complaint_kind,
        award_form,
        recipient_type,
        issuer,
        province,
        province_today,
        locality,
        period_label,
        period_year,
        evidence,
        quality_flags
    from awards

),

mentions as (

    select
        facts.*,
        {{ statistic_id('facts', ['admin_level', 'dialogue_kind', 'complaint_kind', 'award_form',
            'recipient_type']) }} as statistic_id,
        coalesce(articles.published_at, articles.fetched_at) as reported_at
    from facts
    inner join articles on facts.article_url = articles.url

),

parts as (

    -- the statistic of the total each part breaks down, in the article that states it as a part
    select
        mentions.statistic_id,
        totals.statistic_id as parent_statistic_id,
        mentions.reported_at
    from mentions
    inner join mentions as totals on mentions.parent_fact_id = totals.fact_id

),

earliest_parents as (

    select
        statistic_id,
        arg_min(parent_statistic_id, reported_at) as parent_statistic_id
    from parts
    group by statistic_id

),

flags as (

    select
        mentions.statistic_id,
        string_agg(distinct flag.check_name, ',' order by flag.check_name) as quality_flags
    from mentions,
        unnest(string_split(mentions.quality_flags, ',')) as flag (check_name)
    group by mentions.statistic_id

),

statistics as (

    -- the columns the id is made of are equal within a statistic: grouping by them keeps them
    select
        statistic_id,
        fact_table,
        measure,
        value,
        value_qualifier,
        admin_level,
        dialogue_kind,
        complaint_kind,
        award_form,
        recipient_type,
        province,
        locality,
        period_year,
        any_value(province_today) as province_today,
        arg_min(issuer, reported_at) as issuer,
        arg_min(period_label, reported_at) as period_label,
        count(*) as mention_count,
        count(distinct article_url) as article_count,
        arg_min(article_url, reported_at) as first_article_url,
        min(reported_at) as first_reported_at,
        arg_max(article_url, reported_at) as latest_article_url,
        max(reported_at) as latest_reported_at,
        arg_min(evidence, reported_at) as evidence
    from mentions
    group by
        statistic_id, fact_table, measure, value, value_qualifier, admin_level, dialogue_kind,
        complaint_kind, award_form, recipient_type, province, locality, period_year

),

final as (

    select
        statistics.statistic_id,
        statistics.fact_table,
        statistics.measure,
        statistics.value,
        statistics.value_qualifier,
        statistics.admin_level,
        statistics.dialogue_kind,
        statistics.complaint_kind,
        statistics.award_form,
        statistics.recipient_type,
        statistics.issuer,
        statistics.province,
        statistics.province_today,
        statistics.locality,
        statistics.period_label,
        statistics.period_year,
        earliest_parents.parent_statistic_id is null as is_headline,
        earliest_parents.parent_statistic_id,
        statistics.mention_count,
        statistics.article_count,
        statistics.first_article_url,
        statistics.first_reported_at,
        statistics.latest_article_url,
        statistics.latest_reported_at,
        make_date(statistics.period_year, 12, 31) as period_end_date,
        statistics.evidence,
        flags.quality_flags
    from statistics
    left join earliest_parents on statistics.statistic_id = earliest_parents.statistic_id
    left join flags on statistics.statistic_id = flags.statistic_id

)

select * from final
