import { Navigate, Route, Routes } from 'react-router';
import RegisterPage from './RegisterPage.js';
import RiskEditorPage from './RiskEditor.js';
import RiskItemPage from './RiskItemPage.js';

/** /risk is the register; /risk/new and /risk/:riskId/edit the editor; /risk/:riskId one item. */
export default function RiskPage() {
  return (
    <Routes>
      <Route index element={<RegisterPage />} />
      <Route path="new" element={<RiskEditorPage />} />
      <Route path=":riskId" element={<RiskItemPage />} />
      <Route path=":riskId/edit" element={<RiskEditorPage />} />
      <Route path="*" element={<Navigate to="/risk" replace />} />
    </Routes>
  );
}
