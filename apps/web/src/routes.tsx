import { Route, Routes } from 'react-router';
import { PageNotFound } from './components/status';
import { PeoplePage } from './console/people/people-page';
import { ReviewPage } from './console/reviews/review-page';
import { ReviewQueuePage } from './console/reviews/review-queue-page';
import { SidChangesPage } from './console/sids/sid-changes-page';
import { IngestionPage } from './console/ingestion/ingestion-page';
import { ReleasesPage } from './console/releases/releases-page';
import { ExtractPage } from './console/research/extract-page';
import { ExtractsPage } from './console/research/extracts-page';
import { ProjectPage } from './console/research/project-page';
import { ProjectsPage } from './console/research/projects-page';
import { CareFlagPage } from './console/care/care-flag-page';
import { CareFlagsPage } from './console/care/care-flags-page';
import { CareInboxPage, CareNoticePage } from './console/care/care-inbox-page';
import { AgreementPage } from './console/governance/agreement-page';
import { AgreementsPage, NewAgreementPage } from './console/governance/agreements-page';
import { AuditPage } from './console/governance/audit-page';
import { DisclosuresPage } from './console/governance/disclosures-page';
import { WatchListPage } from './console/watch-list/watch-list-page';
import { ComparePage } from './pages/compare-page';
import { ConsolePage } from './pages/console-page';
import { DistrictPage } from './pages/district-page';
import { HomePage } from './pages/home-page';
import { SchoolPage } from './pages/school-page';
import { SearchResultsPage } from './pages/search-results-page';
import { StatePage } from './pages/state-page';

/** The pages. The API serves index.html for these paths (WEB_PAGE_ROUTES in apps/api/src/web-pages): keep the two in step. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/schools" element={<SearchResultsPage />} />
      <Route path="/schools/:schoolId" element={<SchoolPage />} />
      <Route path="/districts/:districtId" element={<DistrictPage />} />
      <Route path="/state" element={<StatePage />} />
      <Route path="/compare" element={<ComparePage />} />
      <Route path="/console" element={<ConsolePage />} />
      <Route path="/console/staff" element={<PeoplePage />} />
      <Route path="/console/reviews" element={<ReviewQueuePage />} />
      <Route path="/console/reviews/:reviewId" element={<ReviewPage />} />
      <Route path="/console/sids" element={<SidChangesPage />} />
      <Route path="/console/ingestion" element={<IngestionPage />} />
      <Route path="/console/releases" element={<ReleasesPage />} />
      <Route path="/console/projects" element={<ProjectsPage />} />
      <Route path="/console/projects/:id" element={<ProjectPage />} />
      <Route path="/console/extracts" element={<ExtractsPage />} />
      <Route path="/console/extracts/:id" element={<ExtractPage />} />
      <Route path="/console/care-flags" element={<CareFlagsPage />} />
      <Route path="/console/care-flags/:flagId" element={<CareFlagPage />} />
      <Route path="/console/inbox" element={<CareInboxPage />} />
      <Route path="/console/inbox/:noticeId" element={<CareNoticePage />} />
      <Route path="/console/watch-list" element={<WatchListPage />} />
      <Route path="/console/agreements" element={<AgreementsPage />} />
      <Route path="/console/agreements/new" element={<NewAgreementPage />} />
      <Route path="/console/agreements/:agreementId" element={<AgreementPage />} />
      <Route path="/console/disclosures" element={<DisclosuresPage />} />
      <Route path="/console/audit" element={<AuditPage />} />
      <Route path="*" element={<PageNotFound />} />
    </Routes>
  );
}
