-- A warehouse an older danvan built gains new columns (empty until a full refresh) instead of failing
-- the nightly build.
{{ config(
    materialized='incremental',
    unique_key='article_url',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    pre_hook="{{ drop_retracted_facts() }}",
) }}

{{ fact_mart('fct_dialogues', ['admin_level', 'dialogue_kind']) }}
