"""``GET /api/v1/projection``: the pemda's projected index, served to the desktop."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from iid.projection import projection_to_dict
from sync.protocol import Problem, ProjectionResponse
from sync.server.auth import CurrentPrincipal
from sync.server.db import SessionDep
from sync.server.projection import default_year, projection_for

router = APIRouter(tags=["proyeksi"])


@router.get(
    "/projection",
    response_model=ProjectionResponse,
    responses={
        401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
        403: {"model": Problem, "description": "Tidak berhak"},
        404: {"model": Problem, "description": "Tidak ada aturan untuk tahun itu"},
        422: {"model": Problem, "description": "Aturan tahun itu tidak lengkap"},
    },
)
def get_projection(
    principal: CurrentPrincipal,
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ProjectionResponse:
    """The pemda's projected index (claimed and verified, per OPD) for ``year`` (default: the
    current rule year). Operators get the pemda's figures with only their own OPD's rows."""
    result = projection_for(session, principal, year or default_year())
    return ProjectionResponse(
        year=result.year,
        computed_at=result.computed_at,
        server_time=datetime.now(UTC),
        projection=projection_to_dict(result),
    )
