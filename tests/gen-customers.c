/*
 * gen-customers: write N deterministic customer rows (8 columns, Chinese
 * text, quoted fields with commas, quotes and newlines) for `make bench`.
 *   gen-customers [N]    (default 1000000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t seed = 20261127;

static uint32_t
next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

int
main(int argc, char *argv[])
{
	static const char *const surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄" };
	static const char *const trades[] = { "科技", "贸易", "实业", "物流", "餐饮", "传媒" };
	static const char *const cats[] = { "target", "general", "key", "potential" };
	static const char *const cities[] = { "北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区" };
	long n = argc > 1 ? atol(argv[1]) : 1000000, i;

	puts("id,name,category,phone,address,owner,first_contact,note");
	for (i = 1; i <= n; i++) {
		uint32_t r = next();
		printf("C%07ld,%s%s%s有限公司,%s,1%02u%08u,", i, surnames[r % 8], trades[r / 8 % 6],
		       surnames[r / 48 % 8], cats[r / 384 % 4], 30 + r % 70, next() % 100000000);
		if (r % 3 == 0)
			printf("\"%s%u号, %u室\",", cities[r / 7 % 4], r % 999 + 1, r % 30 + 1);
		else
			printf("%s%u号,", cities[r / 7 % 4], r % 999 + 1);
		printf("S%03u,2026-%02u-%02u,", r % 200, r % 12 + 1, r % 28 + 1);
		if (r % 5 == 0)
			puts("\"客户说\"\"尽快\"\"回电\"");
		else if (r % 11 == 0)
			puts("\"两行\n备注\"");
		else
			puts("普通客户");
	}
	return ferror(stdout) || fclose(stdout) ? 2 : 0;
}
