import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { ContractRegistry } from '@lantern/contracts';
import type { Principal } from '@lantern/governance';
import {
  HubTopics,
  IngestionReport,
  listProducingSystems,
  type ProducerRegistrationRequest,
  ProducingSystems,
  registerProducingSystem,
  RejectReplayer,
  removeProducingSystem,
} from '@lantern/ingest';
import { consumerLag, kafkaConnectionOf } from '@lantern/kafka';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections } from '../hub-connections';
import type { IngestionHistoryCommand, ListRejectsCommand, ReplayRejectsCommand } from './ingestion.commands';

@Injectable()
export class IngestionStatusQuery {
  private readonly report: IngestionReport;
  private readonly topics: HubTopics;

  constructor(
    private readonly connections: HubConnections,
    @Inject(API_SETTINGS_TOKEN) private readonly settings: ApiSettings,
  ) {
    this.report = new IngestionReport(connections.dataSource);
    this.topics = new HubTopics(ContractRegistry.default(), settings.LANTERN_TOPIC_PREFIX);
  }

  async run() {
    const [sources, parked, dataQuality, lag] = await Promise.all([
      this.report.statusBySource(),
      this.report.parkedSummary(),
      this.report.dataQualityWarnings(),
      consumerLag(this.connections.kafka, this.settings.INGEST_GROUP_ID, this.topics.inbound()),
    ]);
    return {
      consumerGroup: this.settings.INGEST_GROUP_ID,
      topics: [...lag].map(([topic, messagesBehind]) => ({ topic, consumerLag: messagesBehind })),
      sources,
      parked,
      dataQuality,
    };
  }
}

/** Hour by hour what ingestion received, stored, rejected and parked; consumer lag is known only as it is now. */
@Injectable()
export class IngestionHistoryQuery {
  private readonly report: IngestionReport;

  constructor(connections: HubConnections) {
    this.report = new IngestionReport(connections.dataSource);
  }

  async run(command: IngestionHistoryCommand) {
    return { hours: await this.report.hourly({ hours: command.hours, until: new Date(), sourceSystem: command.sourceSystem }) };
  }
}

@Injectable()
export class ListRejectsQuery {
  private readonly report: IngestionReport;

  constructor(connections: HubConnections) {
    this.report = new IngestionReport(connections.dataSource);
  }

  async run(command: ListRejectsCommand) {
    const rejects = await this.report.rejects(command.filter);
    const last = rejects.at(-1);
    return { rejects, nextBeforeId: rejects.length === command.filter.limit && last ? last.id : null };
  }
}

@Injectable()
export class ReplayRejectsUseCase {
  constructor(private readonly connections: HubConnections) {}

  async run(command: ReplayRejectsCommand) {
    const replayer = new RejectReplayer(new IngestionReport(this.connections.dataSource), await this.connections.producer());
    return replayer.replay(command.ids);
  }
}

/** A producing system's registry row, topics and Kafka login; the password is in this answer only (ADR 0017). */
@Injectable()
export class RegisterProducingSystemUseCase {
  private readonly dependencies: Parameters<typeof registerProducingSystem>[0];

  constructor(connections: HubConnections, auditLog: AuditLog, @Inject(API_SETTINGS_TOKEN) settings: ApiSettings) {
    this.dependencies = {
      topics: new HubTopics(ContractRegistry.default(), settings.LANTERN_TOPIC_PREFIX),
      hub: kafkaConnectionOf(settings),
      registry: new ProducingSystems(connections.dataSource, auditLog),
    };
  }

  run(request: ProducerRegistrationRequest, steward: Principal) {
    return registerProducingSystem(this.dependencies, request.producerId, request.grant, steward.clientId);
  }
}

/** A producing system's Kafka login and registration taken away (ADR 0017). */
@Injectable()
export class RemoveProducingSystemUseCase {
  private readonly dependencies: Parameters<typeof removeProducingSystem>[0];

  constructor(connections: HubConnections, auditLog: AuditLog, @Inject(API_SETTINGS_TOKEN) settings: ApiSettings) {
    this.dependencies = { hub: kafkaConnectionOf(settings), registry: new ProducingSystems(connections.dataSource, auditLog) };
  }

  run(producerId: string, steward: Principal) {
    return removeProducingSystem(this.dependencies, producerId, steward.clientId);
  }
}

@Injectable()
export class ProducingSystemsQuery {
  private readonly dependencies: Parameters<typeof listProducingSystems>[0];

  constructor(connections: HubConnections, auditLog: AuditLog, @Inject(API_SETTINGS_TOKEN) settings: ApiSettings) {
    this.dependencies = { topics: new HubTopics(ContractRegistry.default(), settings.LANTERN_TOPIC_PREFIX), registry: new ProducingSystems(connections.dataSource, auditLog) };
  }

  async run() {
    return { producers: await listProducingSystems(this.dependencies) };
  }
}
