import { Navigate, Route, Routes } from 'react-router';
import AdvisoryEditor from './AdvisoryEditor.js';
import AdvisoryList from './AdvisoryList.js';
import ProviderSettings from './ProviderSettings.js';

/** /advisories is the list (with "new from a vulnerability"); /advisories/provider the keys; /advisories/:id the editor. */
export default function CsafPage() {
  return (
    <Routes>
      <Route index element={<AdvisoryList />} />
      <Route path="provider" element={<ProviderSettings />} />
      <Route path=":advisoryId" element={<AdvisoryEditor />} />
      <Route path="*" element={<Navigate to="/advisories" replace />} />
    </Routes>
  );
}
