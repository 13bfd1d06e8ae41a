"""What the signed-in role may do on this desktop: the one place every page asks.

Built on ``iid.workflow`` (the rules the server enforces): which roles write an innovation's
content (``CONTENT_WRITERS``), which give verdicts (the roles of the ``nilai`` move), which
make which moves. Per innovation the answer is ``repo.workflow.options(id)`` and
``repo.workflow.content_refusal(id)`` (the same decision with the innovation's state and
findings); this module answers the questions that need only the role: which pages and buttons
exist at all. No role is shown a control whose action the server would refuse.

The role is ``Repository.get_local_user().role`` ("" before the first sign-in: drafts made
offline are the officer's own, so such a desktop acts as an operator's).
"""

from __future__ import annotations

from dataclasses import dataclass

from iid import workflow as wf

NOT_SIGNED_IN = ""


def role_of(name: str | None) -> wf.Role | None:
    """The workflow role named ``name``; None before the first sign-in; a role a newer server
    invented reads as pimpinan (read only), as ``sync.local.workflow`` treats it."""
    if not name:
        return None
    try:
        return wf.Role(name)
    except ValueError:
        return wf.Role.PIMPINAN


def _roles_of(action: wf.Action) -> frozenset[wf.Role]:
    return frozenset(r for e in wf.EDGES if e.action is action for r in e.roles)


@dataclass(frozen=True)
class Capabilities:
    """What one role may do, as flags the pages read (see module docstring)."""

    role: str
    write_innovations: bool
    """Create and edit innovations (operators their own OPD's, the admin any)."""
    edit_spd: bool
    """Change the Profil Pemda (SPD): the admin only."""
    review: bool
    """Give verdicts: the Verifikasi desk (verifikator, admin)."""
    package: bool
    """Build the Paket kirim."""
    carry_over: bool
    """Carry an innovation into the next year (whoever writes innovations)."""
    approve_for_opd: bool
    """Sahkan an OPD's innovation (kepala OPD, when the pemda uses the step)."""

    @property
    def read_only(self) -> bool:
        """Nothing on this desktop changes data (pimpinan)."""
        return not (self.write_innovations or self.edit_spd or self.review or self.approve_for_opd)


def capabilities(role_name: str | None) -> Capabilities:
    """The capabilities of the role named ``role_name`` ("" / None: not signed in yet)."""
    role = role_of(role_name)
    if role is None:  # not signed in: the officer's own drafts, sent after signing in
        return Capabilities(
            NOT_SIGNED_IN,
            write_innovations=True,
            edit_spd=True,  # the profile is kept locally and joins the pemda at sign-in
            review=False,
            package=False,
            carry_over=True,
            approve_for_opd=False,
        )
    writes = role in wf.CONTENT_WRITERS
    return Capabilities(
        role.value,
        write_innovations=writes,
        edit_spd=role is wf.Role.ADMIN,
        review=role in _roles_of(wf.Action.NILAI),
        package=role in (wf.Role.ADMIN, wf.Role.VERIFIKATOR),
        carry_over=writes,
        approve_for_opd=role in _roles_of(wf.Action.SAHKAN),
    )
