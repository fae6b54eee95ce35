import { Navigate, Route, Routes } from 'react-router';
import ComponentPage from '../sbom/ComponentPage.js';
import ReleasePage from '../sbom/ReleasePage.js';
import ProductPage from './ProductPage.js';
import ProductsPage from './ProductsPage.js';

/**
 * /portfolio lists the products; /portfolio/:productId is one product with its releases;
 * /portfolio/:productId/releases/:releaseId is a release with its SBOM explorer.
 */
export default function PortfolioPage() {
  return (
    <Routes>
      <Route index element={<ProductsPage />} />
      <Route path=":productId" element={<ProductPage />} />
      <Route path=":productId/releases/:releaseId" element={<ReleasePage />} />
      <Route path=":productId/releases/:releaseId/component" element={<ComponentPage />} />
      <Route path="*" element={<Navigate to="/portfolio" replace />} />
    </Routes>
  );
}
