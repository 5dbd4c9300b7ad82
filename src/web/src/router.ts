import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session, sessionEvents, type SignedInUser } from './api/client';
import { loadReference } from './reference';
import { showError } from './errors';

type Role = SignedInUser['role'];
const ALL: Role[] = ['admin', 'manager', 'officer', 'resident'];
const OFFICE: Role[] = ['admin', 'manager', 'officer'];

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    roles?: Role[];
    /** Shown in the side menu under this label. */
    menu?: string;
    public?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { title: '登录', public: true } },
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: [
      { path: '', redirect: '/workbench' },
      {
        path: 'workbench',
        component: () => import('./views/WorkbenchView.vue'),
        meta: { title: '工作台', menu: '工作台', roles: ALL },
      },
      {
        path: 'leads',
        component: () => import('./views/LeadsView.vue'),
        meta: { title: '项目线索', menu: '项目线索', roles: ALL },
      },
      {
        path: 'leads/:id',
        component: () => import('./views/LeadDetailView.vue'),
        meta: { title: '项目详情', roles: ALL },
      },
      {
        path: 'companies',
        component: () => import('./views/CompaniesView.vue'),
        meta: { title: '企业库', menu: '企业库', roles: ALL },
      },
      {
        path: 'chambers',
        component: () => import('./views/ChambersView.vue'),
        meta: { title: '商会协会', menu: '商会协会', roles: ALL },
      },
      {
        path: 'chambers/:id',
        component: () => import('./views/ChamberDetailView.vue'),
        meta: { title: '商会协会详情', roles: ALL },
      },
      {
        path: 'visits',
        component: () => import('./views/VisitLogView.vue'),
        meta: { title: '驻点走访', menu: '驻点走访', roles: ALL },
      },
      {
        path: 'visits/calendar',
        component: () => import('./views/VisitCalendarView.vue'),
        meta: { title: '走访日历', menu: '走访日历', roles: ALL },
      },
      {
        path: 'parks',
        component: () => import('./views/ParksView.vue'),
        meta: { title: '园区', menu: '园区', roles: ALL },
      },
      {
        path: 'parks/:id',
        component: () => import('./views/ParkDetailView.vue'),
        meta: { title: '园区详情', roles: ALL },
      },
      {
        path: 'chains',
        component: () => import('./views/ChainMapView.vue'),
        meta: { title: '产业链图谱', menu: '产业链图谱', roles: ALL },
      },
      {
        path: 'dashboard',
        component: () => import('./views/DashboardView.vue'),
        meta: { title: '驾驶舱', menu: '驾驶舱', roles: OFFICE },
      },
      {
        path: 'import',
        component: () => import('./views/ImportView.vue'),
        meta: { title: '导入', menu: '导入', roles: OFFICE },
      },
      {
        path: 'settings',
        component: () => import('./views/SettingsView.vue'),
        meta: { title: '设置', menu: '设置', roles: ['admin', 'manager'] },
      },
      {
        path: 'forbidden',
        component: () => import('./views/ForbiddenView.vue'),
        meta: { title: '无权访问', roles: ALL },
      },
      {
        path: ':pathMatch(.*)*',
        component: () => import('./views/NotFoundView.vue'),
        meta: { title: '页面不存在', roles: ALL },
      },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** The side menu, in the order the routes are declared above. */
export const menuRoutes = (routes.find((route) => route.path === '/')?.children ?? [])
  .filter((route) => route.meta?.menu)
  .map((route) => ({ path: `/${route.path}`, label: route.meta!.menu!, roles: route.meta!.roles }));

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.accessToken || !session.user) return { path: '/login', query: { redirect: to.fullPath } };
  try {
    await loadReference();
  } catch (error) {
    showError(error);
  }
  const roles = to.matched.reduce<Role[] | undefined>((found, record) => record.meta.roles ?? found, undefined);
  if (roles && !roles.includes(session.user.role)) return { path: '/forbidden' };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 三企入桂招商CRM` : '三企入桂招商CRM';
});

// A tab opened before a new deployment asks for chunks that no longer exist: load the page afresh instead.
router.onError((error, to) => {
  if (/dynamically imported module|Importing a module script failed/i.test(String(error?.message)))
    window.location.assign(to.fullPath);
});

sessionEvents.onSignedOut = () => {
  void router.push({ path: '/login', query: { redirect: router.currentRoute.value.fullPath } });
};
