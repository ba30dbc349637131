{#- Vietnamese labels for the wide views: what each measure and qualifier value reads as in a report. -#}
{% macro vietnamese_label(column, labels) %}
    case {{ column }}
        {%- for value, label in labels.items() %}
        when '{{ value }}' then '{{ label }}'
        {%- endfor %}
    end
{% endmacro %}

{% macro measure_labels() %}
    {{ return({
        'dialogue_sessions': 'Số cuộc đối thoại',
        'dialogue_opinions': 'Số ý kiến, kiến nghị tại đối thoại',
        'dialogue_opinions_resolved': 'Số ý kiến, kiến nghị đã giải quyết, trả lời',
        'dialogue_participants': 'Số người tham dự đối thoại',
        'citizen_reception_visits': 'Số lượt tiếp công dân',
        'citizen_reception_people': 'Số người được tiếp',
        'citizen_reception_delegations': 'Số đoàn đông người',
        'petitions_received': 'Số đơn thư tiếp nhận',
        'petitions_in_jurisdiction': 'Số đơn thuộc thẩm quyền',
        'cases_in_jurisdiction': 'Số vụ việc thuộc thẩm quyền',
        'cases_resolved': 'Số vụ việc, đơn đã giải quyết',
        'resolution_rate_pct': 'Tỷ lệ giải quyết (%)',
        'award_recipients': 'Số tập thể, cá nhân, mô hình được khen thưởng',
        'dan_van_kheo_models': 'Số mô hình "Dân vận khéo"',
    }) }}
{% endmacro %}

{% macro qualifier_labels() %}
    {{ return({
        'value_qualifier': {
            'exact': 'chính xác', 'more_than': 'hơn', 'less_than': 'gần, dưới', 'approximately': 'khoảng',
        },
        'admin_level': {
            'central': 'trung ương', 'province': 'cấp tỉnh', 'district': 'cấp huyện', 'commune': 'cấp xã',
            'unspecified': 'không nêu',
        },
        'dialogue_kind': {
            'periodic': 'định kỳ', 'ad_hoc': 'đột xuất', 'thematic': 'chuyên đề', 'unspecified': 'không nêu',
        },
        'complaint_kind': {
            'complaint': 'khiếu nại', 'denunciation': 'tố cáo', 'petition': 'kiến nghị, phản ánh',
            'mixed': 'nhiều loại', 'unspecified': 'không nêu',
        },
        'award_form': {
            'bang_khen': 'Bằng khen', 'giay_khen': 'Giấy khen', 'huan_chuong': 'Huân chương',
            'co_thi_dua': 'Cờ thi đua', 'ky_niem_chuong': 'Kỷ niệm chương', 'other': 'hình thức khác',
        },
        'recipient_type': {
            'collective': 'tập thể', 'individual': 'cá nhân', 'model': 'mô hình', 'mixed': 'tập thể, cá nhân',
        },
    }) }}
{% endmacro %}
