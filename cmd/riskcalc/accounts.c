/* riskcalc: the accounts file (--accounts): account, investor, member, reserve. */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

/* Fail closed: a settings file with a bad row stops riskcalc before any output. */
struct accounts *
accounts_load(const char *path, const struct opts *o)
{
	struct accounts *as = xcalloc(1, sizeof *as);
	int st = CRM_OK, id, inv, mem, res;
	size_t i, n;

	as->t = crm_settings_load(path, &o->crm, &type_account, "accounts");
	map_init(&as->by_id);
	id = crm_table_col(as->t, "account");
	inv = crm_table_col(as->t, "investor");
	if (inv < 0)	/* FUT-10: 投资者编号, also spelt 统一开户编码 */
		inv = crm_table_col(as->t, "统一开户编码");
	mem = crm_table_col(as->t, "member");
	res = crm_table_col(as->t, "reserve");
	n = crm_table_len(as->t);
	if (id < 0 || res < 0) {
		accounts_free(as);
		crm_die("%s: accounts need the columns account and reserve; nothing was done", path);
	}
	as->a = xcalloc(n + 1, sizeof *as->a);
	for (i = 0; i < n; i++) {
		const struct crm_rec *r = crm_table_rec(as->t, i);
		struct account *a = &as->a[as->n];
		a->rec = r;
		a->id = r->f[id];
		a->investor = *get(r, inv) ? get(r, inv) : a->id;
		a->member = get(r, mem);
		if (!*a->id) {
			crm_warn_at(&r->pos, "account: a value is needed");
			st = CRM_ERROR;
			continue;
		}
		if (need(r, res, "reserve", crm_get_money(r, res, &a->reserve)) != CRM_FIELD_OK) {
			st = CRM_ERROR;
			continue;
		}
		if (map_put(&as->by_id, a->id, strlen(a->id), as->n) != as->n) {
			crm_warn_at(&r->pos, "account: '%s' appears more than once", a->id);
			st = CRM_ERROR;
			continue;
		}
		as->n++;
	}
	if (st != CRM_OK) {
		accounts_free(as);
		crm_die("%s: bad accounts file; nothing was done", path);
	}
	return as;
}

void
accounts_free(struct accounts *as)
{
	if (!as)
		return;
	free(as->a);
	map_release(&as->by_id);
	crm_table_free(as->t);
	free(as);
}

size_t
account_find(struct accounts *as, const char *id)
{
	size_t i;

	if (as->last < as->n && !strcmp(as->a[as->last].id, id))
		return as->last;
	if ((i = map_get(&as->by_id, id, strlen(id))) != MAP_NONE)
		as->last = i;
	return i;
}
