import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { lang } from './lib/i18n.js'
import './base.css'

document.documentElement.lang = lang.value
createApp(App).use(router).mount('#app')
