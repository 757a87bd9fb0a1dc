import { DateTimeScalar } from '@expensio/kit';
import { enumResolvers } from './enums.ts';
import { FinancialData } from './FinancialData.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { User } from './User.ts';

export const resolvers = { DateTime: DateTimeScalar, ...enumResolvers, Query, Mutation, User, FinancialData };
