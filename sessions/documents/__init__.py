"""The documents after the evening, in pipeline order: the evening as one document (document), the
forum's report as blocks (forum_report, on blocks), laid out as Markdown, DOCX and HTML (render); the
imprint on the strategy (imprint, reading the strategy in strategy_files) and the yearly follow-up.
"""
