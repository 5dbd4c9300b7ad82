import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { router } from './router';
import './styles.css';

// Element Plus is not installed whole: unplugin-vue-components imports each <el-x> where a template uses it
// (src/web/vite.config.ts), and App.vue gives every component and ElMessage/ElMessageBox the zh-CN locale.
createApp(App).use(router).mount('#app');
