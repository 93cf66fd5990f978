"""Forms of the staff admin: ordered inlines, tag actions and the text upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from issues.models import Item, Tag

# Positions are parked above this while a save reorders rows, so that two rows can
# swap places without ever sharing one under the unique constraint.
MAX_POSITION = 9999
PARKING_OFFSET = MAX_POSITION + 1
MAX_UPLOAD_FILES = 20


def position_field() -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=MAX_POSITION)


class PositionedForm(forms.ModelForm):
    """An inline row with an editable position, checked across its formset."""

    position = position_field()

    def _get_validation_exclusions(self):
        # Checking one row's position against the database would refuse a swap of two
        # rows; PositionedFormSet checks positions across all rows instead.
        return super()._get_validation_exclusions() | {"position"}


class ItemInlineForm(PositionedForm):
    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("section")
        if section is not None and section.issue_id != self.instance.issue_id:
            raise ValidationError({"section": "Choose a section of this item's issue."})
        return cleaned


def https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ItemForm(forms.ModelForm):
    """The item page: the issue follows from the section, so they always agree."""

    position = position_field()

    class Meta:
        model = Item
        formfield_callback = https_by_default
        fields = (
            "section",
            "position",
            "title",
            "blurb",
            "abstract",
            "kind",
            "sponsored",
            "url",
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("section")
        if section is not None:
            self.instance.issue_id = section.issue_id
        return cleaned


class PositionedFormSet(forms.BaseInlineFormSet):
    """Rows that are unique by (group fields, position) within the parent, e.g. the
    items of one section or the sections of one issue."""

    group_fields: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            key = (*(form.cleaned_data.get(name) for name in self.group_fields),)
            position = form.cleaned_data.get("position")
            if position is None:
                continue
            if (key, position) in seen:
                form.add_error("position", "Another row already has this position.")
            seen.add((key, position))

    def save_existing_objects(self, commit=True):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (
                self._should_delete_form(form)
                or {"position", *self.group_fields} & set(form.changed_data)
            )
        ]
        if commit and moving:
            self.model._default_manager.filter(pk__in=moving).update(
                position=F("position") + PARKING_OFFSET
            )
        return super().save_existing_objects(commit)


class ItemFormSet(PositionedFormSet):
    group_fields = ("section",)


class SectionFormSet(PositionedFormSet):
    group_fields = ()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise ValidationError("Choose one or more .txt files.", code="required")
        if len(files) > MAX_UPLOAD_FILES:
            raise ValidationError(
                f"Upload at most {MAX_UPLOAD_FILES} files at once.", code="too_many"
            )
        # Sizes and contents are checked per file, so one bad file does not stop the others.
        return files


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Issue text files",
        help_text=f"One or more .txt files in the newsletter's text format "
        f"(at most {MAX_UPLOAD_FILES} at once).",
        widget=MultipleFileInput(attrs={"accept": ".txt,text/plain"}),
    )


class TagChoiceForm(forms.Form):
    tag = forms.ModelChoiceField(Tag.objects.order_by("name"), empty_label=None)


class MergeTagsForm(forms.Form):
    target = forms.ModelChoiceField(
        Tag.objects.order_by("name"),
        label="Merge into",
        help_text="The selected tags' items move to this tag and the selected tags are deleted.",
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources

    def clean_target(self):
        target = self.cleaned_data["target"]
        if any(tag.pk == target.pk for tag in self.sources):
            raise ValidationError("Choose a tag that is not one of those being merged.")
        return target
