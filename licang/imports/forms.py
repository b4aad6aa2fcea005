from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from licang.imports import files
from licang.imports.kinds import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (.csv), up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.name) for k in kinds]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(files.EXTENSIONS):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."), code="file_type"
            )
        if upload.size > files.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB; split it into smaller files.")
                % {"limit": files.MAX_FILE_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        return upload
