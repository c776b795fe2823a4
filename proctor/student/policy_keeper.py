"""The policy a student's app holds, for lean state frames (PROTOCOL.md, "Lean frames").

A lean stream sends the policy once per revision and `"policy": null` after that, and
`GET /state?policy_rev=N` leaves it out while it is still revision N. The keeper holds the
last policy received with its revision and puts it back into each `Me`, so the rest of the app
sees what a full frame says: the policy while the student sits the exam, none while waiting or
removed. A host without lean frames sends no `policy_rev`; its `Me` passes through as it is.
"""

from __future__ import annotations

from proctor.common.protocol import Me, Policy, StudentStatus

# As on the host: a student who is not sitting the exam (yet, or any more) has no policy.
NOT_SITTING = frozenset({StudentStatus.WAITING, StudentStatus.KICKED})


class PolicyKeeper:
    def __init__(self) -> None:
        self._kept: tuple[int, Policy] | None = None

    @property
    def known_rev(self) -> int | None:
        """The revision held, to tell the host (None: none held)."""
        return None if self._kept is None else self._kept[0]

    def complete(self, me: Me) -> Me:
        """`me` as a full frame would have it: the kept policy put back where the host left
        it out because this client holds it; the policy kept when it comes with a revision."""
        policy = me.policy
        if policy is not None and me.policy_rev is not None:
            self._kept = (me.policy_rev, policy)
        elif policy is None and self._kept is not None and self._kept[0] == me.policy_rev:
            policy = self._kept[1]
        if me.status in NOT_SITTING:
            policy = None
        if policy is me.policy:
            return me
        return me.model_copy(update={"policy": policy})
