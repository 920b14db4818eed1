"""The official paperwork (SPEC §4.6): forms, cover reports, ranking tables, the summary workbook, print jobs."""

from .forms import blank_form_docx, blank_form_pdf, nomination_docx, nomination_pdf
from .jobs import print_all, start_print_all
from .reports import cover_report_docx, cover_report_pdf, ranking_table_docx, ranking_table_pdf
from .summary import summary_xlsx

__all__ = [
    "blank_form_docx",
    "blank_form_pdf",
    "cover_report_docx",
    "cover_report_pdf",
    "nomination_docx",
    "nomination_pdf",
    "print_all",
    "ranking_table_docx",
    "ranking_table_pdf",
    "start_print_all",
    "summary_xlsx",
]
