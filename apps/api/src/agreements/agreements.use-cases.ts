import { Injectable } from '@nestjs/common';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { Role, type Agreement, type Principal } from '@lantern/governance';
import { agreementView, mayView } from './agreement-view';
import type { AgreementLifecycleCommand, AmendAgreementCommand, ApproveAgreementCommand, DraftAgreementCommand, PolicyCheckCommand } from './agreements.commands';

/** A change as the steward who made it sees the agreement afterwards. */
async function shownTo(steward: Principal, changed: Promise<Agreement>) {
  return agreementView(await changed, new Date(), steward);
}

@Injectable()
export class DraftAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: DraftAgreementCommand, steward: Principal) {
    return shownTo(steward, this.registry.draft(command.terms, steward.clientId));
  }
}

@Injectable()
export class AmendAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: AmendAgreementCommand, steward: Principal) {
    return shownTo(steward, this.registry.amend(command.agreementId, command.terms, steward.clientId));
  }
}

@Injectable()
export class ApproveAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: ApproveAgreementCommand, steward: Principal) {
    return shownTo(steward, this.registry.approve(command.agreementId, command.version, command.organizationId, steward.clientId));
  }
}

@Injectable()
export class SuspendAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: AgreementLifecycleCommand, steward: Principal) {
    return shownTo(steward, this.registry.suspend(command.agreementId, command.reason, steward.clientId));
  }
}

@Injectable()
export class ReinstateAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: AgreementLifecycleCommand, steward: Principal) {
    return shownTo(steward, this.registry.reinstate(command.agreementId, command.reason, steward.clientId));
  }
}

@Injectable()
export class TerminateAgreementUseCase {
  constructor(private readonly registry: AgreementRegistry) {}

  run(command: AgreementLifecycleCommand, steward: Principal) {
    return shownTo(steward, this.registry.terminate(command.agreementId, command.reason, steward.clientId));
  }
}

/** Stewards list every agreement; any other caller only those its organisation is party to. */
@Injectable()
export class ListAgreementsQuery {
  constructor(private readonly registry: AgreementRegistry) {}

  async run(viewer: Principal) {
    const agreements = viewer.role === Role.Steward ? await this.registry.all() : await this.registry.forParty(viewer.organizationId);
    const at = new Date();
    return { agreements: agreements.map((agreement) => agreementView(agreement, at, viewer)) };
  }
}

@Injectable()
export class GetAgreementQuery {
  constructor(private readonly registry: AgreementRegistry) {}

  async run(agreementId: string, viewer: Principal) {
    const agreement = await this.registry.find(agreementId);
    // The same answer for "no such agreement" and "not yours", so a caller learns nothing from it.
    if (!agreement || !mayView(agreement, viewer)) throw new LanternError(LanternErrorCode.RecordNotFound, 'No agreement with that id.');
    return agreementView(agreement, new Date(), viewer);
  }
}

/** The decision an imagined request would get under one agreement, for the steward checking its terms. */
@Injectable()
export class CheckPolicyUseCase {
  constructor(private readonly decisions: PolicyDecisions) {}

  async run(command: PolicyCheckCommand, steward: Principal) {
    const decision = await this.decisions.check(command, steward);
    if (!decision) throw new LanternError(LanternErrorCode.RecordNotFound, 'No agreement with that id.');
    const { reasons, agreementVersion, elements } = decision;
    return { decision: decision.decision, reasons, ...(agreementVersion === undefined ? {} : { agreementVersion }), ...(elements === undefined ? {} : { elements }) };
  }
}
