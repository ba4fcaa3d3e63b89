"""Writes to the careers site: brands, their images and stories, postings.

Each change moves an ``updated_at`` the site's cache key reads
(careers.selectors.site_version), so a published, changed or withdrawn job
shows on the public pages at once. Every service is audited as
``careers.<entity>.<verb>``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from careers.images import image_check
from careers.models import Brand, BrandImage, EmployeeStory, Posting
from core.services import audit_record
from jobs.models import Client, Job

BRAND_FIELDS = {
    "slug",
    "display_name",
    "display_name_zh_hans",
    "is_anonymous",
    "tagline",
    "tagline_zh_hans",
    "culture",
    "culture_zh_hans",
    "accent_colour",
}
POSTING_FIELDS = {
    "title",
    "title_zh_hans",
    "description",
    "description_zh_hans",
    "location",
    "department",
    "workplace",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "valid_through",
}
STORY_FIELDS = {"name", "role", "body", "body_zh_hans", "order"}
# Addresses the site's own pages use under /careers/.
RESERVED_SLUGS = {"manage", "img", "privacy", "feed", "sitemap", "static", "admin", "api"}


def _touch(brand: Brand) -> None:
    """Move the brand's ``updated_at``: its site's cached pages are stale."""
    brand.save(update_fields=["updated_at"])


@transaction.atomic
def brand_create(*, actor: User | None, client: Client, **fields) -> Brand:
    """A careers site for ``client`` (unpublished). Raises ValidationError
    for an unknown field, a taken address, or a client that has one."""
    unknown = set(fields) - BRAND_FIELDS
    if unknown:
        raise ValidationError(f"unknown fields: {sorted(unknown)}")
    if Brand.objects.filter(client=client).exists():
        raise ValidationError(_("This client already has a careers site."), code="exists")
    if fields.get("slug", "").lower() in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved; choose another.")})
    if not fields.get("display_name"):
        if fields.get("is_anonymous"):
            raise ValidationError({"display_name": _("Describe an anonymous client.")})
        fields["display_name"] = client.name
    brand = Brand(client=client, **fields)
    brand.full_clean()
    brand.save()
    audit_record(action="careers.brand.create", actor=actor, target=brand)
    return brand


def _fields_update[T: Brand | Posting](instance: T, fields: dict, *, allowed: set[str], actor: User | None) -> T:
    """Set ``fields`` (only names in ``allowed``) on ``instance`` re-read
    under a row lock, validate, save, and audit the changed names as
    ``careers.<model>.update``. Raises ValidationError."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"unknown fields: {sorted(unknown)}")
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    changed = sorted(name for name, value in fields.items() if getattr(instance, name) != value)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    action = f"careers.{instance._meta.model_name}.update"
    audit_record(action=action, actor=actor, target=instance, data={"fields": changed})
    return instance


@transaction.atomic
def brand_update(*, brand: Brand, actor: User | None, **fields) -> Brand:
    """Change a brand's shown fields. Raises ValidationError."""
    return _fields_update(brand, fields, allowed=BRAND_FIELDS, actor=actor)


@transaction.atomic
def brand_publish(*, brand: Brand, actor: User | None, published: bool = True) -> Brand:
    """Publish (or withdraw) a brand's whole site."""
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    brand.is_published = published
    brand.save(update_fields=["is_published", "updated_at"])
    audit_record(action=f"careers.brand.{'publish' if published else 'unpublish'}", actor=actor, target=brand)
    return brand


@transaction.atomic
def brand_make_primary(*, brand: Brand, actor: User | None) -> Brand:
    """Make ``brand`` the site ``/careers/`` shows; the previous one stops being it."""
    Brand.objects.select_for_update().filter(is_primary=True).exclude(pk=brand.pk).update(
        is_primary=False, updated_at=timezone.now()
    )
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    brand.is_primary = True
    brand.save(update_fields=["is_primary", "updated_at"])
    audit_record(action="careers.brand.update", actor=actor, target=brand, data={"fields": ["is_primary"]})
    return brand


@transaction.atomic
def brand_image_add(
    *, brand: Brand, actor: User | None, content: bytes, kind: str = BrandImage.Kind.PHOTO, caption: str = ""
) -> BrandImage:
    """Check ``content`` (careers.images) and keep it re-encoded; a logo
    becomes the brand's logo. Raises ValidationError naming the refusal."""
    checked = image_check(content)
    if kind not in BrandImage.Kind.values:
        raise ValidationError(_("Unknown kind of image."), code="kind")
    image = BrandImage.objects.create(
        brand=brand,
        kind=kind,
        content=checked.content,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        size=len(checked.content),
        caption=caption[:200],
        order=brand.images.count(),
    )
    if kind == BrandImage.Kind.LOGO:
        brand.logo = image
        brand.save(update_fields=["logo", "updated_at"])
    else:
        _touch(brand)
    audit_record(action="careers.brandimage.create", actor=actor, target=image)
    return image


@transaction.atomic
def brand_image_remove(*, image: BrandImage, actor: User | None) -> None:
    brand = image.brand
    audit_record(action="careers.brandimage.delete", actor=actor, target=image)
    image.delete()
    brand.refresh_from_db(fields=["logo"])
    _touch(brand)


@transaction.atomic
def story_create(*, brand: Brand, actor: User | None, **fields) -> EmployeeStory:
    unknown = set(fields) - STORY_FIELDS
    if unknown:
        raise ValidationError(f"unknown fields: {sorted(unknown)}")
    story = EmployeeStory(brand=brand, **fields)
    story.full_clean()
    story.save()
    _touch(brand)
    audit_record(action="careers.employeestory.create", actor=actor, target=story)
    return story


@transaction.atomic
def story_update(*, story: EmployeeStory, actor: User | None, **fields) -> EmployeeStory:
    unknown = set(fields) - STORY_FIELDS
    if unknown:
        raise ValidationError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    _touch(story.brand)
    audit_record(action="careers.employeestory.update", actor=actor, target=story)
    return story


@transaction.atomic
def story_delete(*, story: EmployeeStory, actor: User | None) -> None:
    audit_record(action="careers.employeestory.delete", actor=actor, target=story)
    brand = story.brand
    story.delete()
    _touch(brand)


@transaction.atomic
def posting_create(*, job: Job, actor: User | None, **fields) -> Posting:
    """The public face of ``job`` on its client's careers site, unpublished;
    the public title defaults to the job's title and the location to the
    job's. The job's own description is never copied: it is internal.
    Raises ValidationError when the client has no careers site or the job
    already has a posting."""
    unknown = set(fields) - POSTING_FIELDS
    if unknown:
        raise ValidationError(f"unknown fields: {sorted(unknown)}")
    brand = Brand.objects.filter(client_id=job.client_id).first()
    if brand is None:
        raise ValidationError(_("This job's client has no careers site yet."), code="no_brand")
    if Posting.objects.filter(job=job).exists():
        raise ValidationError(_("This job already has a careers posting."), code="exists")
    fields.setdefault("title", job.title)
    fields.setdefault("location", job.location)
    posting = Posting(job=job, brand=brand, **fields)
    posting.full_clean()
    posting.save()
    audit_record(action="careers.posting.create", actor=actor, target=posting)
    return posting


@transaction.atomic
def posting_update(*, posting: Posting, actor: User | None, **fields) -> Posting:
    """Change a posting's public fields. Raises ValidationError."""
    return _fields_update(posting, fields, allowed=POSTING_FIELDS, actor=actor)


@transaction.atomic
def posting_publish(*, posting: Posting, actor: User | None) -> Posting:
    """List the posting on its site (while the job is open). Raises
    ValidationError when the job is not open or the text is empty."""
    posting = Posting.objects.select_for_update().select_related("job").get(pk=posting.pk)
    if posting.job.status != Job.Status.OPEN:
        raise ValidationError(_("Only an open job can be published."), code="job_not_open")
    if not posting.title.strip() or not posting.description.strip():
        raise ValidationError(_("Write a public title and description first."), code="empty")
    if posting.published_at is None:
        posting.published_at = timezone.now()
        posting.save(update_fields=["published_at", "updated_at"])
        audit_record(action="careers.posting.publish", actor=actor, target=posting)
    return posting


@transaction.atomic
def posting_unpublish(*, posting: Posting, actor: User | None) -> Posting:
    """Take the posting off its site at once."""
    posting = Posting.objects.select_for_update().select_related("brand").get(pk=posting.pk)
    if posting.published_at is not None:
        posting.published_at = None
        posting.save(update_fields=["published_at", "updated_at"])
        # The version reads published postings only: the brand carries the change.
        _touch(posting.brand)
        audit_record(action="careers.posting.unpublish", actor=actor, target=posting)
    return posting
