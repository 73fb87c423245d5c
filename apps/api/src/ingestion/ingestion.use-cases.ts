import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics, IngestionReport, RejectReplayer } from '@lantern/ingest';
import { consumerLag } from '@lantern/kafka';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections } from '../hub-connections';
import type { ListRejectsCommand, ReplayRejectsCommand } from './ingestion.commands';

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
    const [sources, parked, lag] = await Promise.all([
      this.report.statusBySource(),
      this.report.parkedSummary(),
      consumerLag(this.connections.kafka, this.settings.INGEST_GROUP_ID, this.topics.inbound()),
    ]);
    return {
      consumerGroup: this.settings.INGEST_GROUP_ID,
      topics: [...lag].map(([topic, messagesBehind]) => ({ topic, consumerLag: messagesBehind })),
      sources,
      parked,
    };
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
