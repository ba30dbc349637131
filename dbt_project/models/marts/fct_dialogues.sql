{{ config(materialized='incremental', unique_key='article_url', incremental_strategy='delete+insert') }}

{{ fact_mart('fct_dialogues', ['admin_level', 'dialogue_kind']) }}
