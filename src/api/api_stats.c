/* placeholder: being written */
typedef int gw_placeholder_api_stats;
