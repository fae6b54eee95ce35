import { Navigate, Route, Routes } from 'react-router';
import ProductPage from './ProductPage.js';
import ProductsPage from './ProductsPage.js';

/** /portfolio lists the products; /portfolio/:productId is one product with its releases. */
export default function PortfolioPage() {
  return (
    <Routes>
      <Route index element={<ProductsPage />} />
      <Route path=":productId" element={<ProductPage />} />
      <Route path="*" element={<Navigate to="/portfolio" replace />} />
    </Routes>
  );
}
