"""Counts delivered by machine: `POST /plans/{id}/deliveries` takes the rows of the import
file as JSON, CSV or XLSX and records them as the import page does, through the same
services (placements.services.delivery_upload and delivery_commit): the same checks, the
same all-or-nothing rule, the same Dutch messages, a reason for changes in closed periods.
A JSON body becomes the CSV file the page would have received, so the stored delivery and
its preview in the browser read the same; its problems are renumbered to the JSON item
(item 1 = the first row). `GET /plans/{id}/deliveries` and `GET /deliveries/{id}` show the
deliveries to whoever may deliver them.

Every POST carries an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): the
answer is stored with it (api.models.IdempotencyRecord) in the transaction that records the
delivery, so the same key with the same request is answered as the first time and applied
once, also when two such requests arrive at once (the second waits on the key's unique
constraint, then reads the stored answer)."""

import csv
import hashlib
import io
import re
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.response import Response

from core.tabular.results import SHOWN_ROWS
from placements import imports, services
from placements.imports import checks
from placements.models import Delivery
from programmes.models import ActionPlan
from regions.models import ApiToken
from regions.permissions import (
    Action,
    can,
    can_deliver_realisations,
    can_record_realisations,
    limit_to_regions,
)

from ..models import IdempotencyRecord
from ..problems import PROBLEM_JSON, problem_response
from ..serializers.deliveries import (
    DeliveryRowsSerializer,
    DeliverySerializer,
    ProblemSerializer,
)
from .base import RegionScopedMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REASON_MAX_LENGTH = 500
DEFAULT_STEM = "api-aanlevering"
# A key as the draft allows it, with or without the quotes of a structured-field string.
_KEY = re.compile(rf'^"?([\x21\x23-\x7e]{{1,{IdempotencyRecord.KEY_MAX_LENGTH}}})"?$')


class _RawParser(BaseParser):
    """The body's bytes as they came: the import reads the file itself."""

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class CsvParser(_RawParser):
    media_type = "text/csv"


class XlsxParser(_RawParser):
    media_type = XLSX


class BadRequest(Exception):
    """The request's form is wrong (not its rows): answered 400 before anything is stored."""

    def __init__(self, detail: str, params: list[dict]):
        self.detail, self.params = detail, params


def _param(name: str, reason: str, code: str = "invalid", **extra) -> dict:
    return {"name": name, "code": code, "reason": reason, **extra}


@dataclass(frozen=True)
class Body:
    """What the request delivers: the file the import reads (a JSON body made into CSV),
    the reason for corrections, and how the file's row numbers map to the caller's."""

    kind: str  # json, csv, xlsx
    file_name: str
    content: bytes
    reason: str
    # The file's row number minus this is the caller's: 1 for JSON (its CSV's header is row
    # 1, item 1 is row 2), 0 for a file (numbered as the spreadsheet shows it).
    row_offset: int

    def caller_row(self, row: int | None) -> int | None:
        """The row as the caller numbers it; None for the header of a JSON body's file
        (a column missing or unknown in every item: the delivery as a whole)."""
        if row is None:
            return None
        number = row - self.row_offset
        return number if number >= 1 else None

    def request_hash(self, plan) -> str:
        digest = hashlib.sha256()
        for part in (str(plan.pk), self.kind, self.reason):
            digest.update(part.encode() + b"\0")
        digest.update(self.content)
        return digest.hexdigest()


# Reading the body ---------------------------------------------------------------------------


def _cell(value, row: int, column: str) -> str:
    """A JSON value as the text of a CSV cell: text as it is, a number as written, null as
    empty. Anything else is not a cell."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRequest(
            _("De aanvraag bevat ongeldige gegevens."),
            [
                _param(
                    column,
                    _("Rij %(row)s, kolom %(column)s: geef tekst of een getal.")
                    % {"row": row, "column": column},
                    row=row,
                    field=column,
                )
            ],
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def json_rows_as_csv(rows: list) -> bytes:
    """The rows as the CSV file of the import: one line per item, in the order given (so
    item n is the file's row n + 1), the columns any item names, in the template's order
    (a name the format does not know last, so the import refuses it by name)."""
    names: list[str] = []
    for number, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            raise BadRequest(
                _("De aanvraag bevat ongeldige gegevens."),
                [
                    _param(
                        "rows",
                        _("Rij %(row)s: een rij is een object met de kolommen als namen.")
                        % {"row": number},
                        row=number,
                        field="",
                    )
                ],
            )
        names += [name for name in item if name not in names]
    known = [name for name in imports.COLUMNS if name in names]
    header = known + [name for name in names if name not in known]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for number, item in enumerate(rows, start=1):
        writer.writerow([_cell(item.get(name), number, name) for name in header])
    return out.getvalue().encode() if header else b""


def _file_name(request, extension: str) -> str:
    """The name the caller gives the file (Content-Disposition's filename), with the
    extension of what it is; else api-aanlevering.csv or .xlsx."""
    disposition = request.headers.get("Content-Disposition", "")
    stem = DEFAULT_STEM
    if disposition:
        _value, parameters = parse_header_parameters(disposition)
        given = Path(parameters.get("filename", "")).stem.strip()
        stem = given or stem
    return f"{stem}{extension}"


def _reason(request, body_reason) -> str:
    query = request.query_params.get("reason")
    if body_reason is not None and not isinstance(body_reason, str):
        raise BadRequest(
            _("De aanvraag bevat ongeldige gegevens."),
            [_param("reason", _("De reden is tekst."))],
        )
    if body_reason is not None and query is not None and body_reason.strip() != query.strip():
        raise BadRequest(
            _("De aanvraag bevat ongeldige gegevens."),
            [_param("reason", _("Geef de reden één keer: in de JSON of in de query, niet beide."))],
        )
    reason = (body_reason if body_reason is not None else query or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise BadRequest(
            _("De aanvraag bevat ongeldige gegevens."),
            [
                _param(
                    "reason",
                    _("De reden is te lang (ten hoogste %(max)s tekens).")
                    % {"max": REASON_MAX_LENGTH},
                )
            ],
        )
    return reason


def read_body(request) -> Body:
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    data = request.data  # parsed by the view's parsers; 415 for any other media type
    if media_type in (CsvParser.media_type, XlsxParser.media_type):
        extension = ".csv" if media_type == CsvParser.media_type else ".xlsx"
        content = data if isinstance(data, bytes) else b""
        return Body(
            kind=extension[1:],
            file_name=_file_name(request, extension),
            content=content,
            reason=_reason(request, None),
            row_offset=0,
        )
    body_reason = None
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"rows", "reason"})
        if unknown or not isinstance(data.get("rows"), list):
            raise BadRequest(
                _("De aanvraag bevat ongeldige gegevens."),
                [
                    _param(
                        "rows",
                        _(
                            'Geef de rijen als lijst: {"rows": [{"lijn": …, …}], "reason": …}, '
                            "of alleen de lijst."
                        ),
                        code="required",
                    ),
                    *(_param(name, _("Onbekend veld."), code="unknown") for name in unknown),
                ],
            )
        rows, body_reason = data["rows"], data.get("reason")
    elif isinstance(data, list):
        rows = data
    else:
        raise BadRequest(
            _("De aanvraag bevat ongeldige gegevens."),
            [_param("rows", _("Geef de rijen als JSON-lijst."), code="required")],
        )
    return Body(
        kind="json",
        file_name=f"{DEFAULT_STEM}.csv",
        content=json_rows_as_csv(rows),
        reason=_reason(request, body_reason),
        row_offset=1,
    )


def idempotency_key(request) -> str:
    raw = request.headers.get(IDEMPOTENCY_HEADER)
    if raw is None or not raw.strip():
        raise BadRequest(
            _(
                "Geef een Idempotency-Key mee: dezelfde sleutel bij elke herhaling van deze "
                "aanlevering."
            ),
            [_param(IDEMPOTENCY_HEADER, _("Deze header ontbreekt."), code="required")],
        )
    found = _KEY.match(raw.strip())
    if found is None:
        raise BadRequest(
            _("De Idempotency-Key is ongeldig."),
            [
                _param(
                    IDEMPOTENCY_HEADER,
                    _("Gebruik 1 tot %(max)s zichtbare ASCII-tekens, bijvoorbeeld een UUID.")
                    % {"max": IdempotencyRecord.KEY_MAX_LENGTH},
                )
            ],
        )
    return found.group(1)


# Problems ---------------------------------------------------------------------------------


def _duplicate_renumbered(message: str, body: Body) -> str:
    """The duplicate row's message names the first row by the file's number: renumbered."""
    if not body.row_offset:
        return message
    pattern = re.escape(str(checks.DUPLICATE_ROW)).replace(re.escape("%(row)s"), r"(\d+)")
    found = re.fullmatch(pattern, message)
    if found is None:
        return message
    return checks.DUPLICATE_ROW % {"row": body.caller_row(int(found.group(1)))}


def invalid_params(problems, body: Body) -> list[dict]:
    """Every problem as an invalidParams entry: `row` (the caller's numbering; null for the
    delivery as a whole), `field` (the column; "" for the whole row) and the Dutch message,
    as the import page says it, in `reason`; `name` is the column, or "rows"."""
    params = []
    for problem in problems[:SHOWN_ROWS]:
        row = body.caller_row(problem.row)
        message = _duplicate_renumbered(problem.message, body)
        params.append(
            _param(
                problem.column or "rows",
                str(imports.Problem(row, problem.column, message)),
                row=row,
                field=problem.column,
            )
        )
    return params


# Views ------------------------------------------------------------------------------------


def deliveries_queryset():
    """Deliveries as the API shows them: with their token, their stored totals, without
    their bytes and per-row results. One query."""
    return (
        Delivery.objects.select_related("api_token")
        .defer("content", "results")
        .annotate(totals=F("results__totals"))
        .order_by("-uploaded_at", "-pk")
    )


def may_read_deliveries(principal, plan) -> bool:
    """Deliveries are read by who may deliver them: a token with the aanleveren scope, or
    a person who records realisations, in the plan's region (regions.permissions)."""
    return can(principal, Action.RECORD_REALISATION, plan.region_id)


DELIVERY_EXAMPLE = {
    "rows": [
        {
            "lijn": "",
            "project": "",
            "indicator": "banen",
            "sector": "markt",
            "doelgroep": "",
            "periode": "2016-K4",
            "aantal": 652,
            "bron": "UWV doelgroepregister",
        }
    ],
    "reason": "",
}


def _problem_doc(status: int, description: str) -> tuple:
    return (status, PROBLEM_JSON), OpenApiResponse(ProblemSerializer, description=description)


@extend_schema_view(
    get=extend_schema(
        summary="De aanleveringen van een plan",
        description=(
            "Nieuwste eerst: bestand, status, rijen, fouten, wat het verwerken deed en het "
            "token dat aanleverde. Voor wie mag aanleveren (token met scope aanleveren, of "
            "programmamanager)."
        ),
        responses={200: DeliverySerializer(many=True)},
    ),
    post=extend_schema(
        summary="Realisaties aanleveren",
        description=(
            "Dezelfde rijen als het importbestand (kolommen lijn, project, indicator, sector, "
            "doelgroep, periode, aantal, bron), als JSON, CSV of XLSX, met dezelfde controles "
            'en meldingen als de importpagina: alles of niets. JSON: `{"rows": [...], '
            '"reason": ...}` of alleen de lijst; rij 1 is het eerste item. CSV/XLSX: de '
            "rijnummers van het bestand (kopregel = rij 1); de reden in de query `reason`. "
            "Wijzigt de aanlevering een afgesloten periode, dan is een reden nodig. Verplicht: "
            "`Idempotency-Key`; dezelfde sleutel met dezelfde aanvraag geeft het eerste "
            "antwoord opnieuw en wordt één keer verwerkt."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description=(
                    "Een sleutel per aanlevering (bijvoorbeeld een UUID), dezelfde bij elke "
                    "herhaling. Zelfde sleutel, andere aanvraag: 422."
                ),
            ),
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[201],
                description="Het adres van de aanlevering (GET /deliveries/{id}).",
            ),
            OpenApiParameter(
                "Idempotent-Replayed",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=True,
                description="`true` als dit het bewaarde antwoord op een eerdere aanvraag is.",
            ),
            OpenApiParameter(
                "reason",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=False,
                description=(
                    "Reden voor correcties in afgesloten perioden (voor CSV en XLSX; bij JSON "
                    "mag ze ook in de body)."
                ),
            ),
        ],
        request={
            "application/json": DeliveryRowsSerializer,
            "text/csv": OpenApiTypes.BINARY,
            XLSX: OpenApiTypes.BINARY,
        },
        responses={
            201: OpenApiResponse(
                DeliverySerializer, description="Verwerkt; Location wijst naar de aanlevering."
            ),
            **dict(
                [
                    _problem_doc(
                        400,
                        "Niets vastgelegd: elke fout met rij (`row`), kolom (`field`) en "
                        "melding (`reason`) in invalidParams; of de aanvraag zelf is ongeldig "
                        "(geen Idempotency-Key, geen reden bij een afgesloten periode).",
                    ),
                    _problem_doc(403, "Dit token of deze gebruiker mag hier niet aanleveren."),
                    _problem_doc(404, "Geen plan met dit id in je regio."),
                    _problem_doc(
                        409, "Tegelijk gewijzigd tijdens het verwerken: probeer het opnieuw."
                    ),
                    _problem_doc(413, "Groter dan de grens van het importbestand."),
                    _problem_doc(415, "Geen JSON, CSV of XLSX."),
                    _problem_doc(422, "Deze Idempotency-Key hoorde bij een andere aanvraag."),
                ]
            ),
        },
        examples=[OpenApiExample("JSON", value=DELIVERY_EXAMPLE, request_only=True)],
    ),
)
class PlanDeliveriesView(RegionScopedMixin, generics.ListAPIView):
    serializer_class = DeliverySerializer
    parser_classes = [JSONParser, CsvParser, XlsxParser]
    region_field = "plan__region"

    def get_plan(self) -> ActionPlan:
        plans = limit_to_regions(ActionPlan.objects.all(), self.principal, Action.VIEW)
        try:
            return plans.get(pk=self.kwargs["pk"])
        except ActionPlan.DoesNotExist as missing:
            raise Http404 from missing

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular's look at the view
            return Delivery.objects.none()
        plan = self.get_plan()
        if not may_read_deliveries(self.principal, plan):
            self.permission_denied(
                self.request, _("U mag de aanleveringen van dit plan niet zien.")
            )
        return deliveries_queryset().filter(plan=plan)

    # POST -------------------------------------------------------------------------------

    def _refusal(self, plan):
        """403 when the principal may not deliver into the plan, with why."""
        principal = self.principal
        if isinstance(principal, ApiToken):
            allowed = can_deliver_realisations(principal, plan)
        else:
            allowed = can_record_realisations(principal, plan)
        if allowed:
            return None
        if not plan.accepts_realisations:
            detail = _("Dit plan is afgesloten: er kunnen geen realisaties bij.")
        elif isinstance(principal, ApiToken) and principal.may_deliver:
            # The scope is there; the plan is national and the token a region's.
            detail = _("Een landelijk plan neemt alleen aanleveringen van een landelijk token aan.")
        elif isinstance(principal, ApiToken):
            detail = _("Dit token mag niet aanleveren: het heeft de scope aanleveren niet.")
        else:
            detail = _("U mag in dit plan geen realisaties vastleggen.")
        return problem_response(403, detail, request=self.request)

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        refused = self._refusal(plan)
        if refused is not None:
            return refused
        try:
            key = idempotency_key(request)
            body = read_body(request)
        except BadRequest as bad:
            return problem_response(400, bad.detail, request=request, invalidParams=bad.params)
        token = request.auth
        request_hash = body.request_hash(plan)
        with transaction.atomic():
            # The key's row is written with the answer, in this transaction: a second request
            # with the key waits here until this one is committed, then finds its answer.
            record, created = IdempotencyRecord.objects.get_or_create(
                token=token,
                key=key,
                **({} if token is not None else {"user": request.user}),
                defaults={
                    "user": request.user,
                    "request_hash": request_hash,
                    "status_code": 0,
                    "response": {},
                },
            )
            if not created:
                if record.request_hash != request_hash:
                    return problem_response(
                        422,
                        _(
                            "Deze Idempotency-Key is al gebruikt voor een andere aanvraag. "
                            "Gebruik een nieuwe sleutel voor een nieuwe aanlevering."
                        ),
                        request=request,
                        invalidParams=[
                            _param(IDEMPOTENCY_HEADER, _("Al gebruikt."), code="reused")
                        ],
                    )
                return self._replay(record)
            status, data, delivery, final = self._deliver(plan, body)
            if not final:
                # Nothing of it is kept: the same key may try again.
                transaction.set_rollback(True)
            else:
                record.status_code, record.response, record.delivery = status, data, delivery
                record.save(update_fields=["status_code", "response", "delivery"])
        return self._answer(status, data, delivery)

    def _answer(self, status: int, data: dict, delivery, replayed: bool = False) -> Response:
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        if status == 201:
            headers["Location"] = self.request.build_absolute_uri(
                reverse("api:delivery-detail", kwargs={"pk": delivery.pk})
            )
            return Response(data, status=201, headers=headers)
        response = problem_response(status, request=self.request, headers=headers)
        response.data = data
        return response

    def _replay(self, record: IdempotencyRecord) -> Response:
        return self._answer(record.status_code, record.response, record.delivery, replayed=True)

    def _deliver(self, plan, body: Body) -> tuple[int, dict, Delivery | None, bool]:
        """Upload and commit through the import's services: (status, body, delivery, final).
        Not final: a conflict with a concurrent edit, to be tried again."""
        request, actor = self.request, self.request.user
        token = request.auth
        try:
            delivery = services.delivery_upload(
                plan=plan,
                uploaded_file=SimpleUploadedFile(body.file_name, body.content),
                actor=actor,
                api_token=token,
            )
        except imports.FileRejected as rejected:
            return self._rejected(rejected.problems, body, None, len(rejected.problems))
        except ValidationError as refused:
            return 400, self._problem(400, " ".join(refused.messages)), None, True
        upload_result = delivery.result
        if upload_result.problems:
            # The commit refuses it and keeps it as afgekeurd (rejected), with its errors.
            with suppress(ValidationError):
                services.delivery_commit(delivery=delivery, actor=actor, reason=body.reason)
            return self._rejected(upload_result.problems, body, delivery, upload_result.error_count)
        try:
            delivery = services.delivery_commit(delivery=delivery, actor=actor, reason=body.reason)
        except services.PeriodClosedError as closed:
            data = self._problem(
                400,
                " ".join(closed.messages),
                invalidParams=[_param("reason", " ".join(closed.messages), code="required")],
                closedPeriods=upload_result.closed_periods,
                delivery=delivery.pk,
            )
            return 400, data, delivery, True
        except services.DeliveryCommitFailed as failed:
            return 409, self._problem(409, " ".join(failed.messages)), None, False
        except ValidationError:
            # Checked again at the commit, the plan as it is now refused a row.
            delivery.refresh_from_db()
            result = imports.stored_result(delivery=delivery)
            problems = result.problems if result else []
            return self._rejected(problems, body, delivery, delivery.error_count)
        shown = deliveries_queryset().get(pk=delivery.pk)
        return 201, DeliverySerializer(shown).data, shown, True

    def _problem(self, status: int, detail: str, **extra) -> dict:
        return problem_response(status, detail, request=self.request, **extra).data

    def _rejected(self, problems, body: Body, delivery, count: int):
        data = self._problem(
            400,
            _("Er is niets vastgelegd: de aanlevering heeft %(count)s fout(en).")
            % {"count": count},
            invalidParams=invalid_params(problems, body),
            errorCount=count,
            delivery=delivery.pk if delivery is not None else None,
        )
        return 400, data, delivery, True


@extend_schema(
    summary="Eén aanlevering",
    description="Status, rijen, fouten en wat het verwerken deed.",
    responses={200: DeliverySerializer},
)
class DeliveryDetailView(RegionScopedMixin, generics.RetrieveAPIView):
    serializer_class = DeliverySerializer
    region_field = "plan__region"

    def get_queryset(self):
        return self.scoped(deliveries_queryset(), Action.RECORD_REALISATION)
