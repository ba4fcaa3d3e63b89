"""Staff pages for the careers site: Settings → Careers sites (a brand's
texts, colour, logo, photos and stories; publishing; the main site) and a
job's careers posting (its public text, publishing, a preview).

Administrators and recruiters change them, coordinators and reviewers read
them, other roles find no such page (careers.selectors). Every action is its
own URL and works as a plain POST with a redirect; htmx follows the same
redirect.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from careers import selectors
from careers.forms.site import BrandCreateForm, BrandForm, ImageForm, PostingForm, StoryForm
from careers.models import Brand, Posting
from careers.services import site as services
from careers.templatetags.careers import localized
from careers.views.site import LANGUAGES, _json_ld
from core.http import GET_OR_POST, done, done_after, respond, save_form
from core.markdown import markdown_to_safe_html
from jobs.models import Job

LIST_PAGE = "careers/manage_site_list.html"
EDIT_PAGE = "careers/manage_site_edit.html"
POSTING_PAGE = "careers/manage_posting.html"
# What a staff upload form may send at most (the image check says why it refuses).
MAX_UPLOAD = 6 * 1024 * 1024


def _brand_url(brand: Brand) -> str:
    return reverse("careers:site-edit", args=[brand.public_id])


def _posting_url(job: Job) -> str:
    return reverse("careers:posting-edit", args=[job.public_id])


@require_safe
def site_list(request: HttpRequest) -> HttpResponse:
    selectors.require_careers_reader(request.user)
    return respond(request, LIST_PAGE, "sites", _list_context(request))


def _list_context(request: HttpRequest, form: BrandCreateForm | None = None) -> dict[str, Any]:
    can_change = selectors.may_change_careers_sites(request.user)
    clients = selectors.clients_without_brand_for(request.user)
    return {
        "brands": selectors.brand_list_for(request.user),
        "can_change": can_change,
        "form": form or (BrandCreateForm(clients=clients) if can_change else None),
    }


@require_POST
def site_create(request: HttpRequest) -> HttpResponse:
    selectors.require_careers_writer(request.user)
    form = BrandCreateForm(request.POST, clients=selectors.clients_without_brand_for(request.user))
    if form.is_valid():
        values = form.cleaned_data
        brand = save_form(form, lambda: services.brand_create(actor=request.user, **values))
        if brand is not None:
            return done(request, _brand_url(brand), _("Careers site “%(name)s” created.") % {"name": brand})
    return respond(request, LIST_PAGE, "create-form", _list_context(request, form), status=400)


def _edit_context(request: HttpRequest, brand: Brand, **forms: Any) -> dict[str, Any]:
    can_change = selectors.may_change_careers_sites(request.user)
    return {
        "brand": brand,
        "can_change": can_change,
        "form": forms.get("form") or BrandForm(instance=brand),
        "image_form": forms.get("image_form") or ImageForm(),
        "story_form": forms.get("story_form") or StoryForm(),
        "images": list(brand.images.defer("content")),
        "stories": list(brand.stories.all()),
        "postings": list(brand.postings.select_related("job").order_by("-published_at", "title")[:50]),
    }


@GET_OR_POST
def site_edit(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=request.method == "POST")
    form = BrandForm(request.POST or None, instance=brand)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        brand.refresh_from_db()
        if save_form(form, lambda: services.brand_update(brand=brand, actor=request.user, **values)):
            return done(request, _brand_url(brand), _("Careers site saved."))
        status = 400
    else:
        status = 400 if request.method == "POST" else 200
    return respond(request, EDIT_PAGE, "brand-form", _edit_context(request, brand, form=form), status=status)


@require_POST
def site_publish(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=True)
    return done_after(
        request,
        _brand_url(brand),
        lambda: services.brand_publish(brand=brand, actor=request.user),
        _("The careers site is live."),
    )


@require_POST
def site_unpublish(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=True)
    return done_after(
        request,
        _brand_url(brand),
        lambda: services.brand_publish(brand=brand, actor=request.user, published=False),
        _("The careers site is offline."),
    )


@require_POST
def site_primary(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=True)
    return done_after(
        request,
        _brand_url(brand),
        lambda: services.brand_make_primary(brand=brand, actor=request.user),
        _("/careers/ now shows this site."),
    )


@require_POST
def site_image_add(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=True)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        if upload.size > MAX_UPLOAD:
            form.add_error("image", _("The image is larger than 5 MB."))
        else:
            content = upload.read()
            image = save_form(
                form,
                lambda: services.brand_image_add(
                    brand=brand,
                    actor=request.user,
                    content=content,
                    kind=form.cleaned_data["kind"],
                    caption=form.cleaned_data["caption"],
                ),
            )
            if image is not None:
                return done(request, _brand_url(brand), _("Image added."))
    if form.errors.get("__all__"):
        form.add_error("image", form.errors.pop("__all__"))
    return respond(request, EDIT_PAGE, "image-form", _edit_context(request, brand, image_form=form), status=400)


@require_POST
def site_image_remove(request: HttpRequest, public_id) -> HttpResponse:
    image = selectors.get_brand_image_for_user(request.user, public_id)
    brand = image.brand
    return done_after(
        request,
        _brand_url(brand),
        lambda: services.brand_image_remove(image=image, actor=request.user),
        _("Image removed."),
    )


@require_POST
def site_story_add(request: HttpRequest, public_id) -> HttpResponse:
    brand = selectors.get_brand_for_user(request.user, public_id, for_change=True)
    form = StoryForm(request.POST)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        values["order"] = brand.stories.count()
        if save_form(form, lambda: services.story_create(brand=brand, actor=request.user, **values)):
            return done(request, _brand_url(brand), _("Story added."))
    return respond(request, EDIT_PAGE, "story-form", _edit_context(request, brand, story_form=form), status=400)


@require_POST
def site_story_remove(request: HttpRequest, public_id) -> HttpResponse:
    story = selectors.get_story_for_user(request.user, public_id)
    brand = story.brand
    return done_after(
        request,
        _brand_url(brand),
        lambda: services.story_delete(story=story, actor=request.user),
        _("Story removed."),
    )


# --- A job's careers posting -------------------------------------------------------


@GET_OR_POST
def posting_edit(request: HttpRequest, public_id) -> HttpResponse:
    """A job's posting: created from the job on the first save (public title
    and location default to the job's; its internal description is not copied)."""
    job = selectors.get_job_for_posting(request.user, public_id, for_change=request.method == "POST")
    posting = selectors.posting_of(job)
    brand = posting.brand if posting else Brand.objects.filter(client_id=job.client_id).first()
    initial = {} if posting else {"title": job.title, "location": job.location}
    form = PostingForm(request.POST or None, instance=posting, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if posting is None:
                saved = save_form(form, lambda: services.posting_create(job=job, actor=request.user, **values))
            else:
                saved = save_form(form, lambda: services.posting_update(posting=posting, actor=request.user, **values))
            if saved is not None:
                return done(request, _posting_url(job), _("Careers posting saved."))
        status = 400
    context = {
        "job": job,
        "posting": posting,
        "brand": brand,
        "form": form,
        "can_change": selectors.may_change_careers_sites(request.user),
        "job_open": job.status == Job.Status.OPEN,
        "is_visible": posting is not None and selectors.brand_postings(posting.brand).filter(pk=posting.pk).exists(),
    }
    return respond(request, POSTING_PAGE, "posting-form", context, status=status)


def _posting_or_back(request: HttpRequest, public_id) -> tuple[Job, Posting | None]:
    job = selectors.get_job_for_posting(request.user, public_id, for_change=True)
    return job, selectors.posting_of(job)


@require_POST
def posting_publish(request: HttpRequest, public_id) -> HttpResponse:
    job, posting = _posting_or_back(request, public_id)
    if posting is None:
        return done(request, _posting_url(job), error=_("Write the posting first."))
    return done_after(
        request,
        _posting_url(job),
        lambda: services.posting_publish(posting=posting, actor=request.user),
        _("The job is on the careers site."),
    )


@require_POST
def posting_unpublish(request: HttpRequest, public_id) -> HttpResponse:
    job, posting = _posting_or_back(request, public_id)
    if posting is None:
        return done(request, _posting_url(job))
    return done_after(
        request,
        _posting_url(job),
        lambda: services.posting_unpublish(posting=posting, actor=request.user),
        _("The job is off the careers site."),
    )


@require_safe
def posting_preview(request: HttpRequest, public_id) -> HttpResponse:
    """The job page as candidates will see it, published or not; never cached."""
    job = selectors.get_job_for_posting(request.user, public_id)
    posting = selectors.posting_of(job)
    if posting is None:
        raise Http404
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else translation.get_language()
    with translation.override(language):
        context = {
            "brand": posting.brand,
            "version": "preview",
            "languages": LANGUAGES,
            "posting": posting,
            "description": markdown_to_safe_html(localized(posting, "description")),
            "json_ld": _json_ld(request, posting.brand, posting) if posting.published_at else "{}",
            "preview": True,
        }
        return render(request, "careers/job_detail.html", context)
