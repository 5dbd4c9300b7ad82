import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { CompanyContact } from '../company.entity';

export class ContactDto {
  @ApiProperty({ example: '陈经理' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ example: '投资发展部总监' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'must be a phone number such as 13800138000 or 0771-1234567' })
  phone?: string;

  @ApiPropertyOptional({ example: 'chen@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(128)
  email?: string;
}

/** Phone and email with the middle hidden, for lists (the detail view shows them whole). */
export function maskContact(contact: CompanyContact): CompanyContact {
  const masked: CompanyContact = { name: contact.name };
  if (contact.title) masked.title = contact.title;
  if (contact.phone) {
    const digits = contact.phone.replace(/\D/g, '');
    masked.phone = digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
  }
  if (contact.email) {
    const [local, domain] = contact.email.split('@');
    masked.email = `${local.slice(0, 1)}***@${domain ?? ''}`;
  }
  return masked;
}
