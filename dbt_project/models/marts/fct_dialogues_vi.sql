-- Dialogues as a report reads them: a row per statement, Vietnamese labels (đối thoại với Nhân dân).
{{ config(materialized='view') }}

{{ wide_view_vi('fct_dialogues', {'admin_level': 'Cấp', 'dialogue_kind': 'Hình thức đối thoại'}) }}
