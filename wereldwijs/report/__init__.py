"""The firm's report: a model built from the profile (pure), then HTML and PDF from one template.

    report = build_report(profile, classify(profile), "nl", today)
    html = to_html(report); pdf = to_pdf(report)

Every figure comes from the knowledge files through the wording helpers, with its source.
"""
