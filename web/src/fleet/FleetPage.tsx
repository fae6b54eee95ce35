import { Navigate, Route, Routes } from 'react-router';
import AssetEditorPage from './AssetEditor.js';
import AssetPage from './AssetPage.js';
import FleetListPage from './FleetListPage.js';
import ImportPage from './ImportPage.js';

/** /fleet is the list; /fleet/import the import flow; /fleet/new and /fleet/:assetId/edit the form; /fleet/:assetId one asset. */
export default function FleetPage() {
  return (
    <Routes>
      <Route index element={<FleetListPage />} />
      <Route path="import" element={<ImportPage />} />
      <Route path="new" element={<AssetEditorPage />} />
      <Route path=":assetId" element={<AssetPage />} />
      <Route path=":assetId/edit" element={<AssetEditorPage />} />
      <Route path="*" element={<Navigate to="/fleet" replace />} />
    </Routes>
  );
}
