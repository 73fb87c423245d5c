import { Route, Routes } from 'react-router';
import { PageNotFound } from './components/status';
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
      <Route path="*" element={<PageNotFound />} />
    </Routes>
  );
}
