{#- A fact mart as analysts read a report: a row per statement, with its article, the measure and every
    qualifier in Vietnamese words, and Vietnamese column labels. `qualifiers` are the mart's own
    qualifier columns, each with its label. -#}
{% macro wide_view_vi(fact_mart, qualifiers) %}

with

facts as (

    select * from {{ ref(fact_mart) }}

),

articles as (

    select * from {{ ref('dim_articles') }}

),

final as (

    select
        facts.fact_id as "Mã số liệu",
        {{ vietnamese_label('facts.measure', measure_labels()) }} as "Chỉ tiêu",
        facts.value as "Giá trị",
        facts.value_text as "Số liệu nguyên văn",
        {{ vietnamese_label('facts.value_qualifier', qualifier_labels()['value_qualifier']) }}
            as "Mức độ chính xác",
        {%- for column, label in qualifiers.items() %}
        {%- if column in qualifier_labels() %}
        {{ vietnamese_label('facts.' ~ column, qualifier_labels()[column]) }} as "{{ label }}",
        {%- else %}
        facts.{{ column }} as "{{ label }}",
        {%- endif %}
        {%- endfor %}
        facts.province as "Tỉnh, thành phố",
        facts.province_today as "Tỉnh, thành phố hiện nay",
        facts.locality as "Địa bàn",
        facts.period_label as "Kỳ báo cáo",
        facts.period_year as "Năm",
        facts.parent_fact_id is null as "Là số liệu tổng",
        facts.parent_fact_id as "Thuộc số liệu",
        facts.evidence as "Câu trích dẫn",
        facts.quality_flags as "Cảnh báo chất lượng",
        articles.title as "Tiêu đề bài viết",
        articles.published_date as "Ngày đăng",
        articles.source_name as "Nguồn",
        facts.article_url as "Địa chỉ bài viết",
        facts.measure as "Mã chỉ tiêu"
    from facts
    inner join articles on facts.article_url = articles.url

)

select * from final

{% endmacro %}
