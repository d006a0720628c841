/* placeholder: being written */
typedef int gw_placeholder_store_stats;
