import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { lang } from './lib/i18n.js'
import { loadLimits } from './lib/limits.js'
import './base.css'

document.documentElement.lang = lang.value
loadLimits().catch(() => { /* the forms go without maxlength; the server still checks */ })
createApp(App).use(router).mount('#app')
