"""The yearly action plan and the annual action-line report.

Action lines (objectives) with activities, each at a stage of the progress scale; the report's
figures come from every app through `figures.register_figures`.
"""
