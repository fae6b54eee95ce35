import { lazy, type ComponentType, type ReactNode } from 'react';
import type { IconProps } from './icons.js';
import {
  IconActivity,
  IconAlert,
  IconBox,
  IconBug,
  IconBuilding,
  IconChart,
  IconChecklist,
  IconClipboardCheck,
  IconClock,
  IconContract,
  IconDevices,
  IconFileText,
  IconForm,
  IconGauge,
  IconHistory,
  IconHourglass,
  IconKey,
  IconList,
  IconMail,
  IconMessage,
  IconReport,
  IconRss,
  IconSchool,
  IconStairs,
  IconTarget,
  IconUsers,
} from './icons.js';
import type { Action } from './permissions.js';

const Dashboard = lazy(() => import('./Dashboard.js'));
const OrganizationPage = lazy(() => import('../orgs/OrganizationPage.js'));
const MembersPage = lazy(() => import('../orgs/MembersPage.js'));
const TokensPage = lazy(() => import('../tokens/TokensPage.js'));
const AuditPage = lazy(() => import('../audit/AuditPage.js'));
const JobsPage = lazy(() => import('../jobs/JobsPage.js'));
const PortfolioPage = lazy(() => import('../portfolio/PortfolioPage.js'));
const SbomsPage = lazy(() => import('../sbom/SbomsPage.js'));
const VulnerabilitiesPage = lazy(() => import('../intel/VulnerabilitiesPage.js'));
const FindingsPage = lazy(() => import('../intel/FindingsPage.js'));
const SourcesPage = lazy(() => import('../intel/SourcesPage.js'));
const RemediationPage = lazy(() => import('../clocks/RemediationPage.js'));
const SlaPolicyPage = lazy(() => import('../clocks/SlaPolicyPage.js'));
const ChannelsPage = lazy(() => import('../notifications/ChannelsPage.js'));
const TriagePage = lazy(() => import('../triage/TriagePage.js'));
const RiskPage = lazy(() => import('../risk/RiskPage.js'));
const CsafPage = lazy(() => import('../csaf/CsafPage.js'));
const CvdPage = lazy(() => import('../cvd/CvdPage.js'));
const PremarketPage = lazy(() => import('../premarket/PremarketPage.js'));
const VendorFeedsPage = lazy(() => import('../vendors/VendorFeedsPage.js'));
const ExposurePage = lazy(() => import('../exposure/ExposurePage.js'));
const Mds2Page = lazy(() => import('../mds2/Mds2Page.js'));
const ContractsPage = lazy(() => import('../contracts/ContractsPage.js'));
const LegacyPage = lazy(() => import('../legacy/LegacyPage.js'));
const FleetPage = lazy(() => import('../fleet/FleetPage.js'));
const MaturityPage = lazy(() => import('../governance/MaturityPage.js'));
const BenchmarkingPage = lazy(() => import('../governance/BenchmarkingPage.js'));
const GovernancePage = lazy(() => import('../governance/GovernancePage.js'));
const ReportsPage = lazy(() => import('../governance/ReportsPage.js'));
const InboxPage = lazy(() => import('../cvd/InboxPage.js'));

export const NAV_GROUPS = ['Overview', 'Manufacturer', 'Hospital', 'Governance', 'Administration'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/** One entry per screen of the product: the navigation, the router and the dashboard read this list. */
export interface AppRoute {
  readonly path: string;
  readonly label: string;
  readonly group: NavGroup;
  readonly icon: ComponentType<IconProps>;
  readonly element: ReactNode;
  /** The permission needed to open the screen; the entry is hidden from roles without it. */
  readonly permission?: Action;
}

export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/', label: 'Dashboard', group: 'Overview', icon: IconGauge, element: <Dashboard /> },

  {
    path: '/portfolio',
    label: 'Portfolio',
    group: 'Manufacturer',
    icon: IconBox,
    element: <PortfolioPage />,
  },
  {
    path: '/sboms',
    label: 'SBOMs',
    group: 'Manufacturer',
    icon: IconList,
    element: <SbomsPage />,
  },
  {
    path: '/vulnerabilities',
    label: 'Vulnerabilities',
    group: 'Manufacturer',
    icon: IconBug,
    element: <VulnerabilitiesPage />,
    permission: 'intel.read',
  },
  {
    path: '/findings',
    label: 'Findings & triage',
    group: 'Manufacturer',
    icon: IconChecklist,
    element: <FindingsPage />,
    permission: 'intel.read',
  },
  {
    path: '/triage',
    label: 'Triage queue',
    group: 'Manufacturer',
    icon: IconChecklist,
    element: <TriagePage />,
    permission: 'intel.read',
  },
  {
    path: '/intel/sources',
    label: 'Intelligence sources',
    group: 'Manufacturer',
    icon: IconRss,
    element: <SourcesPage />,
    permission: 'intel.read',
  },
  {
    path: '/risk',
    label: 'Risk register',
    group: 'Manufacturer',
    icon: IconAlert,
    element: <RiskPage />,
    permission: 'risk.read',
  },
  {
    path: '/remediation',
    label: 'Remediation & clocks',
    group: 'Manufacturer',
    icon: IconClock,
    element: <RemediationPage />,
    permission: 'intel.read',
  },
  {
    path: '/disclosure',
    label: 'Disclosure (CVD)',
    group: 'Manufacturer',
    icon: IconMessage,
    element: <CvdPage />,
    permission: 'cvd.read',
  },
  {
    path: '/advisories',
    label: 'Advisories (CSAF)',
    group: 'Manufacturer',
    icon: IconFileText,
    element: <CsafPage />,
    permission: 'advisories.read',
  },
  {
    path: '/premarket',
    label: 'Premarket',
    group: 'Manufacturer',
    icon: IconClipboardCheck,
    element: <PremarketPage />,
    permission: 'premarket.read',
  },

  { path: '/notices', label: 'Security notices', group: 'Hospital', icon: IconMail, element: <InboxPage />, permission: 'advisories.read' },
  {
    path: '/fleet',
    label: 'Device fleet',
    group: 'Hospital',
    icon: IconDevices,
    element: <FleetPage />,
    permission: 'fleet.read',
  },
  {
    path: '/vendor-feeds',
    label: 'Vendor feeds',
    group: 'Hospital',
    icon: IconRss,
    element: <VendorFeedsPage />,
    permission: 'vendors.read',
  },
  {
    path: '/exposure',
    label: 'Exposure',
    group: 'Hospital',
    icon: IconTarget,
    element: <ExposurePage />,
    permission: 'exposure.read',
  },
  {
    path: '/legacy',
    label: 'Legacy planning',
    group: 'Hospital',
    icon: IconHourglass,
    element: <LegacyPage />,
    permission: 'fleet.read',
  },
  {
    path: '/contracts',
    label: 'Contracts',
    group: 'Hospital',
    icon: IconContract,
    element: <ContractsPage />,
    permission: 'contracts.read',
  },
  {
    path: '/mds2',
    label: 'MDS2',
    group: 'Hospital',
    icon: IconForm,
    element: <Mds2Page />,
    permission: 'fleet.read',
  },

  {
    path: '/maturity',
    label: 'Maturity',
    group: 'Governance',
    icon: IconStairs,
    element: <MaturityPage />,
    permission: 'governance.read',
  },
  {
    path: '/benchmarking',
    label: 'Benchmarking',
    group: 'Governance',
    icon: IconChart,
    element: <BenchmarkingPage />,
    permission: 'governance.read',
  },
  {
    path: '/governance',
    label: 'Governance & training',
    group: 'Governance',
    icon: IconSchool,
    element: <GovernancePage />,
    permission: 'governance.read',
  },
  {
    path: '/reports',
    label: 'Reports',
    group: 'Governance',
    icon: IconReport,
    element: <ReportsPage />,
    permission: 'governance.read',
  },

  { path: '/settings/organization', label: 'Organization', group: 'Administration', icon: IconBuilding, element: <OrganizationPage />, permission: 'org.read' },
  { path: '/settings/members', label: 'Members', group: 'Administration', icon: IconUsers, element: <MembersPage />, permission: 'members.read' },
  { path: '/settings/tokens', label: 'API tokens', group: 'Administration', icon: IconKey, element: <TokensPage />, permission: 'tokens.read' },
  { path: '/settings/audit', label: 'Audit log', group: 'Administration', icon: IconHistory, element: <AuditPage />, permission: 'audit.read' },
  { path: '/settings/jobs', label: 'Jobs', group: 'Administration', icon: IconActivity, element: <JobsPage />, permission: 'jobs.read' },
  { path: '/settings/sla', label: 'SLA policy', group: 'Administration', icon: IconClock, element: <SlaPolicyPage />, permission: 'intel.read' },
  { path: '/settings/notifications', label: 'Notifications', group: 'Administration', icon: IconMail, element: <ChannelsPage />, permission: 'clocks.manage' },
];
