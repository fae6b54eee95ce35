import { Navigate, Route, Routes } from 'react-router';
import CaseListPage from './CaseListPage.js';
import CasePage from './CasePage.js';
import CustomersPage from './CustomersPage.js';
import IntakeKeyPage from './IntakeKeyPage.js';
import NoticeComposer from './NoticeComposer.js';

/** /disclosure is the case list; /disclosure/settings the intake key; /disclosure/customers the customer contacts; /disclosure/:caseId one case; …/notice its customer notice. */
export default function CvdPage() {
  return (
    <Routes>
      <Route index element={<CaseListPage />} />
      <Route path="settings" element={<IntakeKeyPage />} />
      <Route path="customers" element={<CustomersPage />} />
      <Route path=":caseId" element={<CasePage />} />
      <Route path=":caseId/notice" element={<NoticeComposer />} />
      <Route path="*" element={<Navigate to="/disclosure" replace />} />
    </Routes>
  );
}
