/*
 * gen-customers: deterministic data for `make bench`.
 *   gen-customers [N]          N customers (8 columns: Chinese text, quoted
 *                              fields with commas, quotes and newlines)
 *   gen-customers N claims M   N expense claims against M customers
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 20261127;

static uint32_t
next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void
customers(long n)
{
	static const char *const surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄" };
	static const char *const trades[] = { "科技", "贸易", "实业", "物流", "餐饮", "传媒" };
	static const char *const cats[] = { "target", "general", "key", "potential" };
	static const char *const cities[] = { "北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区" };

	puts("id,name,category,phone,address,owner,first_contact,registered");
	for (long i = 1; i <= n; i++) {
		uint32_t r = next();
		printf("C%07ld,", i);
		if (r % 5 == 0)
			printf("\"%s\"\"%s\"\"有限公司\",", surnames[r % 8], trades[r / 8 % 6]);
		else
			printf("%s%s%s有限公司,", surnames[r % 8], trades[r / 8 % 6], surnames[r / 48 % 8]);
		printf("%s,1%02u%08u,", cats[r / 384 % 4], 30 + r % 70, next() % 100000000);
		if (r % 3 == 0)
			printf("\"%s%u号, %u室\",", cities[r / 7 % 4], r % 999 + 1, r % 30 + 1);
		else if (r % 11 == 0)
			printf("\"%s%u号\n%u室\",", cities[r / 7 % 4], r % 999 + 1, r % 30 + 1);
		else
			printf("%s%u号,", cities[r / 7 % 4], r % 999 + 1);
		int m = (int)(r % 11) + 1, d = (int)(r / 11 % 28) + 1;
		printf("S%03u,2026-%02d-%02d,", r % 200, m, d);
		if (r % 4)
			printf("2026-%02d-%02d\n", m, d + (int)(r % 2));
		else
			putchar('\n');
	}
}

static void
claims(long n, long ncust)
{
	static const char *const kinds[] = { "entertainment", "travel", "gift", "other" };

	puts("id,staff,customer_id,customer,kind,amount,date");
	for (long i = 1; i <= n; i++) {
		uint32_t r = next();
		printf("E%08ld,S%03u,C%07ld,,%s,%u.%02u,2026-%02u-%02u\n", i, r % 200,
		       (long)(next() % (uint32_t)ncust) + 1, kinds[r / 200 % 4], r % 5000,
		       r / 7 % 100, r % 11 + 1, r / 11 % 28 + 1);
	}
}

int
main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;

	if (argc > 3 && !strcmp(argv[2], "claims"))
		claims(n, atol(argv[3]));
	else
		customers(n);
	return ferror(stdout) || fclose(stdout) ? 2 : 0;
}
